"""A delivery made into an email: subject, plain text and HTML, in the recipient's language."""

from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from . import registry


def shared_context(message, language):
    """The context every recipient of ``message`` in ``language`` shares."""
    kind = registry.get(message.kind)
    context = dict(message.context)
    if kind.context is not None:
        with translation.override(language):
            context.update(kind.context(message.context, language))
    return context


def build_email(delivery, *, shared, connection=None):
    """The ``EmailMultiAlternatives`` for ``delivery``, with ``shared`` as the common context."""
    message = delivery.message
    context = {
        **shared,
        **delivery.context,
        "recipient_name": delivery.name,
        "recipient_email": delivery.email,
        "unsubscribe_url": delivery.unsubscribe_url,
        "site_name": settings.NEWSROOM_SITE_NAME,
        "base_url": settings.NEWSROOM_BASE_URL,
        "language": delivery.language,
    }
    personal = registry.get(message.kind).personal
    with translation.override(delivery.language):
        if personal is not None:
            context.update(personal(context))
        subject = " ".join(render_to_string(f"{message.template}_subject.txt", context).split())
        text = render_to_string(f"{message.template}.txt", context)
        html = _render_optional(f"{message.template}.html", context)
    headers = {
        "Message-ID": delivery.message_id_header,
        "Content-Language": delivery.language,
        "Auto-Submitted": "auto-generated",
    }
    if delivery.unsubscribe_url:
        # RFC 8058 one-click unsubscribe: mail clients POST to the address, no page to visit.
        headers["List-Unsubscribe"] = f"<{delivery.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[_address(delivery)],
        headers=headers,
        connection=connection,
    )
    if html is not None:
        email.attach_alternative(html, "text/html")
    return email


def _render_optional(name, context):
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return None
    return template.render(context)


def _address(delivery):
    return formataddr((delivery.name, delivery.email)) if delivery.name else delivery.email
