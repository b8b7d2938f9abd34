"""The press list in the admin: journalists, lists, and releases with who opened them."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Story
from outbox.personal_data import PersonalDataActions

from . import links, permissions, services
from .forms import ReleaseForm
from .models import Journalist, JournalistEvent, PressAccess, PressList, Release


class EditorsOnly:
    """The press list is the Editors' (and Administrators'): those who may publish may keep it,
    whatever model permissions their group holds."""

    def has_module_permission(self, request):
        return permissions.can_accredit(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_accredit(request.user)

    def has_add_permission(self, request, *args):
        return permissions.can_accredit(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_accredit(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_accredit(request.user)


class ReadOnly(EditorsOnly):
    """A record the system keeps: Editors look, nobody adds or changes."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class JournalistEventInline(EditorsOnly, admin.TabularInline):
    model = JournalistEvent
    fields = ["action", "at", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Journalist)
class JournalistAdmin(PersonalDataActions, EditorsOnly, admin.ModelAdmin):
    list_display = ["name", "outlet", "email", "language", "accredited", "unsubscribed_at"]
    list_filter = ["language", "lists", "consent_method"]
    search_fields = ["name", "outlet", "email"]
    autocomplete_fields = ["sections", "programmes"]
    filter_horizontal = ["tags"]
    readonly_fields = [
        "email_confirmed_at",
        "accredited_by",
        "accredited_at",
        "unsubscribed_at",
        "added_by",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["name", "outlet", "email", "language"]}),
        (_("Beats"), {"fields": ["sections", "tags", "programmes"]}),
        (
            _("Consent"),
            {
                "fields": ["consent_method", "consent_note", "email_confirmed_at", "added_by"],
                "description": _(
                    "Say how the journalist agreed to receive releases. Journalists who joined "
                    "through the public form confirmed their address themselves."
                ),
            },
        ),
        (
            _("Accreditation"),
            {"fields": ["accredited_until", "accredited_at", "accredited_by", "unsubscribed_at"]},
        ),
    ]
    inlines = [JournalistEventInline]
    actions = ["accredit_for_a_year", "export_data", "erase"]

    @admin.display(description=_("accredited"), boolean=True)
    def accredited(self, obj):
        return obj.accredited_at is not None and (
            obj.accredited_until is None or obj.accredited_until >= timezone.localdate()
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
            if not obj.consent_method:
                raise ValidationError(_("Say how this journalist agreed to receive releases."))
        super().save_model(request, obj, form, change)
        services.record_staff_consent(journalist=obj, user=request.user)
        obj.save(update_fields=["consent_recorded_at"])

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            form.base_fields["consent_method"].required = True
        return form

    @admin.action(description=_("Accredit for a year"))
    def accredit_for_a_year(self, request, queryset):
        until = timezone.localdate().replace(year=timezone.localdate().year + 1)
        done = 0
        for journalist in queryset:
            try:
                services.accredit(journalist=journalist, user=request.user, until=until)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, "; ".join(_messages(error)), messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d journalist accredited.", "%(count)d journalists accredited.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )

    # Export and erase (outbox.personal_data)

    export_filename = "press-list-data.json"

    def personal_data(self, request, journalist):
        return services.export_data(journalist=journalist, user=request.user)

    def may_erase(self, request):
        return permissions.can_accredit(request.user)

    def erase_person(self, journalist):
        services.erase(journalist=journalist)

    def erased_message(self, count):
        return ngettext("%(count)d journalist erased.", "%(count)d journalists erased.", count) % {
            "count": count
        }


def _messages(error):
    return getattr(error, "messages", None) or [str(error)]


@admin.register(PressList)
class PressListAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = ["name", "member_count"]
    search_fields = ["name"]
    autocomplete_fields = ["members"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("journalists"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total


# What the admin shows of a personal link, on its release's page and in the list of links.
ACCESS_COLUMNS = [
    "created_at",
    "first_opened_at",
    "last_opened_at",
    "open_count",
    "revoked_at",
    "revoke",
]


class PressAccessInline(EditorsOnly, admin.TabularInline):
    model = PressAccess
    fields = ["journalist", *ACCESS_COLUMNS]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Recipients: who received it and who opened it")
    # Opening a recipient's link would count as their opening it.
    view_on_site = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("link"))
    def revoke(self, obj):
        return revoke_link(obj)


def revoke_link(access):
    if access.revoked_at:
        return _("revoked")
    url = reverse("admin:outreach_release_revoke", args=[access.release_id, access.pk])
    return format_html('<a href="{}">{}</a>', url, _("Revoke"))


@admin.register(PressAccess)
class PressAccessAdmin(ReadOnly, admin.ModelAdmin):
    """Every recipient's link, to find whose a leaked link is: paste it into the search."""

    list_display = ["journalist", "release", *ACCESS_COLUMNS]
    list_select_related = ["journalist", "release__story"]
    list_filter = ["release__embargoed"]
    search_fields = ["journalist__name", "journalist__email", "journalist__outlet", "=token"]
    fields = list_display
    readonly_fields = fields
    # Opening a recipient's link would count as their opening it.
    view_on_site = False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        token = links.token_in(search_term)
        if token:
            return queryset.filter(token=token), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("link"))
    def revoke(self, obj):
        return revoke_link(obj)


@admin.register(Release)
class ReleaseAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = [
        "story",
        "embargoed",
        "embargo_until",
        "created_at",
        "created_by",
        "sent_at",
        "recipients",
        "opened",
    ]
    list_select_related = ["story", "created_by"]
    list_filter = ["embargoed"]
    search_fields = ["story__headline", "accesses__token"]
    readonly_fields = [
        "story",
        "embargoed",
        "embargo_until",
        "created_by",
        "created_at",
        "sent_at",
        "erased_recipients",
        "list_names",
    ]
    fields = readonly_fields
    inlines = [PressAccessInline]

    def get_queryset(self, request):
        from django.db.models import Count, Q

        return (
            super()
            .get_queryset(request)
            .annotate(
                recipient_total=Count("accesses"),
                opened_total=Count("accesses", filter=Q(accesses__first_opened_at__isnull=False)),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        # A leaked link pasted whole finds the release it came from; the list of personal
        # links finds its recipient.
        token = links.token_in(search_term)
        if token:
            return queryset.filter(accesses__token=token), True
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("recipients"), ordering="recipient_total")
    def recipients(self, obj):
        return obj.recipient_total

    @admin.display(description=_("opened"), ordering="opened_total")
    def opened(self, obj):
        return obj.opened_total

    @admin.display(description=_("press lists"))
    def list_names(self, obj):
        return ", ".join(obj.lists.values_list("name", flat=True))

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "new/<int:story_id>/",
                self.admin_site.admin_view(self.release_view),
                name="outreach_release_new",
            ),
            path(
                "<int:release_id>/revoke/<int:access_id>/",
                self.admin_site.admin_view(self.revoke_view),
                name="outreach_release_revoke",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        story_id = request.GET.get("story")
        if story_id and story_id.isdigit():
            return redirect("admin:outreach_release_new", story_id=int(story_id))
        stories = Story.objects.exclude(status=Story.Status.WITHDRAWN).order_by("-updated_at")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Release to the press"),
            "stories": stories.only("pk", "headline", "status", "published_at")[:200],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/outreach/choose_story.html", context)

    def release_view(self, request, story_id):
        story = get_object_or_404(Story, pk=story_id)
        if not permissions.can_accredit(request.user):
            raise PermissionDenied
        initial = {"embargo_until": story.published_at} if story.published_at else {}
        form = ReleaseForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                release = services.release_story(
                    story=story,
                    user=request.user,
                    lists=list(form.cleaned_data["lists"]),
                    embargo_until=form.cleaned_data["embargo_until"]
                    if form.cleaned_data["embargo"]
                    else None,
                )
            except ValidationError as error:
                for message in _messages(error):
                    form.add_error(None, message)
            else:
                self.message_user(request, _release_message(release), messages.SUCCESS)
                return redirect("admin:outreach_release_change", release.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Release to the press"),
            "story": story,
            "form": form,
            "opts": self.model._meta,
            "previous_releases": story.releases.all(),
        }
        return TemplateResponse(request, "admin/outreach/release_form.html", context)

    def revoke_view(self, request, release_id, access_id):
        """A page asking to confirm, then the revocation: a link in a list must not revoke."""
        if not permissions.can_accredit(request.user):
            raise PermissionDenied
        access = get_object_or_404(
            PressAccess.objects.select_related("journalist", "release__story"),
            pk=access_id,
            release_id=release_id,
        )
        if request.method == "POST":
            services.revoke_access(access=access, user=request.user)
            self.message_user(
                request,
                _("The link of %(name)s no longer works.") % {"name": access.journalist.name},
                messages.SUCCESS,
            )
            return redirect("admin:outreach_release_change", release_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke a personal link"),
            "access": access,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/outreach/revoke_confirm.html", context)


def _release_message(release):
    # The worker sends it in a moment; the count is of who it is going to.
    if not release.sent_at and (release.embargoed or release.story.is_published()):
        count = Journalist.objects.reachable().in_lists(release.lists.all()).count()
        if release.embargoed:
            message = ngettext(
                "Sending under embargo to %(count)d journalist.",
                "Sending under embargo to %(count)d journalists.",
                count,
            )
        else:
            message = ngettext(
                "Sending to %(count)d journalist.", "Sending to %(count)d journalists.", count
            )
        return message % {"count": count}
    return _("The release will go to the chosen lists when the story is published.")
