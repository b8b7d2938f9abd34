from axes.backends import AxesStandaloneBackend


class SignInThrottleBackend(AxesStandaloneBackend):
    """Refuses sign-ins while an account or an address is locked out (django-axes).

    The throttle counts sign-in requests, so it needs one: ``authenticate()`` called without a
    request (the shell, a management command, the test client's ``login()``) has no address to
    count and is not a sign-in from the web, so it is left to the next backend unchecked. Every
    web sign-in form in the project passes its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
