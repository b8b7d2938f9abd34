"""Colleagues: one screen to add one (name, email, language, role) and invite them, a list of
people with their role and last sign-in, and the stock user form only as an Administrator's
advanced view."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.admin_messages import OwnMessageAdminMixin

from .. import invitations, roles
from ..forms import ColleagueChangeForm, ColleagueForm

User = get_user_model()
# Set on the request by the advanced view: the stock form, with permissions, for this request.
ADVANCED = "_accounts_advanced"


def may_use_advanced_view(user):
    return user.is_superuser or roles.role_of(user) == roles.ADMINISTRATOR


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role, name) for role, (name, _description) in roles.ROLES.items()]

    def queryset(self, request, queryset):
        if self.value() in roles.ROLES:
            return queryset.filter(groups__name=self.value())
        return queryset


admin.site.unregister(User)


@admin.register(User)
class ColleagueAdmin(OwnMessageAdminMixin, UserAdmin):
    add_form = ColleagueForm
    form = ColleagueChangeForm
    # The stock add form asks for a password; a colleague chooses their own.
    add_form_template = None
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide", "people-roles"],
                "description": _(
                    "They get an email, in the language chosen here, with a link to choose "
                    "their own password. Their role decides what they may do."
                ),
                "fields": ["first_name", "last_name", "email", "language", "role"],
            },
        )
    ]
    list_display = ["name", "email", "role", "last_sign_in", "is_active"]
    list_display_links = ["name", "email"]
    list_filter = [RoleFilter, "is_active"]
    search_fields = ["first_name", "last_name", "email", "username"]
    ordering = ["first_name", "last_name", "username"]
    actions = ["send_new_invitation", "deactivate"]

    class Media:
        css = {"all": ["accounts/accounts.css"]}

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {"title": _("Add a colleague"), **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not self.is_advanced(request):
            # The colleague's page, under their name, not "Change user".
            context.update(title=_name(obj), subtitle=None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        # "… is invited: an email … is on its way" says it; not also "The user … was added".
        with self.own_message_instead_of_stock(request, True):
            return super().response_add(request, obj, post_url_continue)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("People"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        # The role column reads each person's groups: one query for the whole page.
        return super().get_queryset(request).prefetch_related("groups")

    def is_advanced(self, request):
        return getattr(request, ADVANCED, False)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if self.is_advanced(request):
            return super().get_fieldsets(request, obj)
        fields = ["first_name", "last_name", "email", "role", "is_active", "signed_in"]
        if may_use_advanced_view(request.user):
            fields.append("advanced")
        return [(None, {"classes": ["wide", "people-roles"], "fields": fields})]

    def get_readonly_fields(self, request, obj=None):
        if obj is None or self.is_advanced(request):
            return []
        return ["signed_in", "advanced"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and self.is_advanced(request):
            kwargs["form"] = UserChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/advanced/",
                self.admin_site.admin_view(self.advanced_view),
                name="auth_user_advanced",
            ),
            *super().get_urls(),
        ]

    def advanced_view(self, request, object_id):
        """The stock form: username, password, staff and superuser status, groups and every
        permission. For Administrators only; everyone else manages people by role."""
        if not may_use_advanced_view(request.user):
            raise PermissionDenied
        setattr(request, ADVANCED, True)
        return self.change_view(
            request,
            object_id,
            extra_context={
                "title": _("Advanced: %(person)s")
                % {"person": self.get_object(request, unquote(object_id))}
            },
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            invitations.invite(form.instance, invited_by=request.user)
            self.message_user(
                request,
                _(
                    "%(name)s is invited: an email with a link to choose a password is on its way "
                    "to %(email)s."
                )
                % {"name": _name(form.instance), "email": form.instance.email},
                messages.SUCCESS,
            )

    # Columns

    @admin.display(description=_("name"), ordering="first_name")
    def name(self, user):
        return _name(user)

    @admin.display(description=_("role"))
    def role(self, user):
        role = roles.role_of(user)
        if role is not None:
            return roles.label(role)
        return _("Superuser") if user.is_superuser else "—"

    @admin.display(description=_("last sign-in"), ordering="last_login", empty_value=_("never"))
    def last_sign_in(self, user):
        return user.last_login

    @admin.display(description=_("last sign-in"))
    def signed_in(self, user):
        if user.last_login is not None:
            return date_format(timezone.localtime(user.last_login), "DATETIME_FORMAT")
        if not user.has_usable_password():
            return _("Invited, has not signed in yet")
        return _("Has not signed in yet")

    @admin.display(description=_("advanced"))
    def advanced(self, user):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:auth_user_advanced", args=[user.pk]),
            _("Username, password, staff status and individual permissions"),
        )

    # Actions

    @admin.action(
        description=_("Send a new invitation (a link to choose a password)"), permissions=["change"]
    )
    def send_new_invitation(self, request, queryset):
        # Not oneself: a new invitation replaces the password, and would sign them out.
        people = list(queryset.filter(is_active=True).exclude(email="").exclude(pk=request.user.pk))
        for user in people:
            invitations.invite(user, invited_by=request.user)
        self.message_user(
            request,
            ngettext(
                "Sent %(count)d invitation; any earlier link of theirs no longer works.",
                "Sent %(count)d invitations; any earlier links of theirs no longer work.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Deactivate the selected people and sign them out"), permissions=["change"]
    )
    def deactivate(self, request, queryset):
        # One by one, through save(): that is what signs each of them out everywhere.
        people = [user for user in queryset.filter(is_active=True) if user != request.user]
        for user in people:
            user.is_active = False
            user.save(update_fields=["is_active"])
            self.log_change(request, user, str(_("Deactivated.")))
        self.message_user(
            request,
            ngettext(
                "Deactivated %(count)d person: they were signed out everywhere.",
                "Deactivated %(count)d people: they were signed out everywhere.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )


def _name(user):
    return user.get_full_name() or user.get_username()
