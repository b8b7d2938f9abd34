from django import template

from people.charts import reach_charts as build_reach_charts

register = template.Library()


@register.inclusion_tag("includes/reach_charts.html")
def reach_charts(programme):
    """Charts of ``programme``'s reach over time, from its prefetched reach figures."""
    return {"programme": programme, "charts": build_reach_charts(programme.reach_figures.all())}
