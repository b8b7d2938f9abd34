"""Which HTTP methods an address serves, and a 405 with Allow for the others, before CSRF.

Django's ``CsrfViewMiddleware`` refuses an unsafe method without a token (403) before the view
runs, so a real client sending PUT or DELETE to a page that only reads, or POST to a feed,
would be told "forbidden" instead of "not allowed", with no Allow header to say what is. The
methods a view serves are known before it runs: a class-based view has a handler per method,
and a function view declares them with ``serves()``. ``MethodNotAllowedMiddleware`` sits just
before the CSRF check and answers 405 for any other method; a method the view does serve goes
on to the CSRF check as before, so a form posted without its token is still refused.

Marking read-only views ``csrf_exempt`` would give their 405 too, but not the one of an address
with a form (PUT on the subscribe page), and it would leave an exemption behind for whoever
adds a POST to such a view later.
"""

from functools import wraps

from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.log import log_response

ATTRIBUTE = "newsroom_methods"


def _allow(methods):
    # Every address answers OPTIONS (with what it allows), as Django's class-based views do.
    return [*methods, "OPTIONS"]


def serves(*methods):
    """Decorate a function view with the methods it serves: OPTIONS is answered with Allow, any
    other method not named is 405 with Allow (also when the view is called directly). HEAD is
    served wherever GET is, as Django's class-based views do."""
    methods = tuple(method.upper() for method in methods)
    if "GET" in methods and "HEAD" not in methods:
        methods = (
            *methods[: methods.index("GET") + 1],
            "HEAD",
            *methods[methods.index("GET") + 1 :],
        )

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse()
                response["Allow"] = ", ".join(_allow(methods))
                response["Content-Length"] = "0"
                return response
            if request.method not in methods:
                return not_allowed(request, _allow(methods))
            return view(request, *args, **kwargs)

        setattr(wrapped, ATTRIBUTE, _allow(methods))
        return wrapped

    return decorator


read_only = serves("GET", "HEAD")


def allowed_methods(view):
    """The methods ``view`` (a URL pattern's callback) serves, or None when it does not say."""
    declared = getattr(view, ATTRIBUTE, None)
    if declared is not None:
        return declared
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return None
    # What View.http_method_not_allowed would list: a handler per method, HEAD wherever GET is
    # (View.setup() adds it to each instance).
    methods = [m.upper() for m in view_class.http_method_names if hasattr(view_class, m)]
    if "GET" in methods and "HEAD" not in methods:
        methods.insert(methods.index("GET") + 1, "HEAD")
    return methods


def not_allowed(request, methods):
    response = HttpResponseNotAllowed(methods)
    log_response(
        "Method Not Allowed (%s): %s",
        request.method,
        request.path,
        response=response,
        request=request,
    )
    return response


class MethodNotAllowedMiddleware:
    """405 with Allow for a method the resolved view does not serve; listed before
    ``CsrfViewMiddleware`` so that the answer is the same with or without a CSRF token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        methods = allowed_methods(view)
        if methods is not None and request.method not in methods:
            return not_allowed(request, methods)
        return None
