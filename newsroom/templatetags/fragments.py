"""``{% fragment name vary_on… %}…{% endfragment %}``: Django's ``{% cache %}`` with the
site's fragment store and lifetime (``CACHES["fragments"]``, ``NEWSROOM_FRAGMENT_SECONDS``).

The vary-on values name the version of everything the fragment shows, so a change makes a new
key rather than needing an invalidation that other processes would not hear of. They must be
read from rows the page loads anyway: then the page cache also hears of those rows when a kept
fragment is used (``newsroom.caching.dependencies``).
"""

from django import template
from django.conf import settings
from django.templatetags.cache import CacheNode

register = template.Library()


class _Setting:
    """Resolves, as a template variable would, to a setting read at render time."""

    def __init__(self, name):
        self.name = name

    def resolve(self, context):
        return getattr(settings, self.name)


class FragmentNode(CacheNode):
    def render(self, context):
        if _for_signed_in_staff(context):
            # Staff see what the database holds now, even written by a path that forgot to
            # move a stamp; readers' pages are the ones worth keeping.
            return self.nodelist.render(context)
        return super().render(context)


def _for_signed_in_staff(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name and what it varies on.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        _Setting("NEWSROOM_FRAGMENT_SECONDS"),
        bits[1],
        [parser.compile_filter(bit) for bit in bits[2:]],
        parser.compile_filter('"fragments"'),
    )
