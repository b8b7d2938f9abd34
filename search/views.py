from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import router
from django.utils.translation import get_language
from django.views.generic import TemplateView

from .forms import SearchForm
from .models import SearchDocument
from .planning import planned_for_each_search
from .querysets import MAX_RANKED_STORIES
from .results import results_for

RESULTS_PER_PAGE = 20


class SearchView(TemplateView):
    """Stories, officers, programmes and awards matching ``?q=``; only what is public is found."""

    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        query = form.query()
        context = {"form": form, "query": query, "shown_query": form.shown_query()}
        if query:
            documents = (
                SearchDocument.objects.public()
                .for_language(get_language())
                .search(query)
                .for_results()
            )
            with planned_for_each_search(router.db_for_read(SearchDocument)):
                page = Paginator(documents, RESULTS_PER_PAGE).get_page(self.request.GET.get("page"))
                results = results_for(page.object_list, query)
            context.update(
                page_obj=page,
                paginator=page.paginator,
                # The count stops there: say so rather than suggest it is the whole archive.
                newest_only=page.paginator.count >= MAX_RANKED_STORIES,
                max_ranked_stories=MAX_RANKED_STORIES,
                results=results,
                previous_url=self._page_url(query, page.previous_page_number())
                if page.has_previous()
                else None,
                next_url=self._page_url(query, page.next_page_number())
                if page.has_next()
                else None,
            )
        return super().get_context_data(**context, **kwargs)

    def _page_url(self, query, number):
        parameters = {"q": query} if number == 1 else {"q": query, "page": number}
        return f"{self.request.path}?{urlencode(parameters)}"
