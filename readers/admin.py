"""Readers' subscriptions in the admin, for Editors: who follows what, how many, export and
erasure on request. Staff do not subscribe anyone: readers confirm their own address."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox.personal_data import PersonalDataActions
from outreach.admin import ReadOnly

from . import services
from .models import Reader, Subscription


class SubscriptionInline(ReadOnly, admin.TabularInline):
    model = Subscription
    fields = ["topic_label", "created_at", "confirmed_at", "ended_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("follows"))
    def topic_label(self, obj):
        return obj.topic_label


@admin.register(Reader)
class ReaderAdmin(PersonalDataActions, ReadOnly, admin.ModelAdmin):
    list_display = [
        "email",
        "language",
        "delivery",
        "confirmed_at",
        "unsubscribed_at",
        "following",
    ]
    list_filter = ["language", "delivery", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    fields = ["email", "language", "delivery", "created_at", "confirmed_at", "unsubscribed_at"]
    readonly_fields = fields
    inlines = [SubscriptionInline]
    actions = ["export_data", "erase"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                following_total=Count(
                    "subscriptions",
                    filter=Q(
                        subscriptions__confirmed_at__isnull=False,
                        subscriptions__ended_at__isnull=True,
                    ),
                )
            )
        )

    @admin.display(description=_("subscriptions"), ordering="following_total")
    def following(self, obj):
        return obj.following_total

    # Export and erase (outbox.personal_data)

    export_filename = "readers-data.json"

    def personal_data(self, request, reader):
        return services.export_data(reader=reader)

    def erase_person(self, reader):
        services.erase(reader=reader)

    def erased_message(self, count):
        return ngettext("%(count)d reader erased.", "%(count)d readers erased.", count) % {
            "count": count
        }

    def has_delete_permission(self, request, obj=None):
        # Erasure (the action) also clears the delivery log; a plain delete would not.
        return False


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("active", _("Active")),
            ("pending", _("Waiting for confirmation")),
            ("ended", _("Ended")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "pending":
            return queryset.filter(confirmed_at__isnull=True, ended_at__isnull=True)
        if self.value() == "ended":
            return queryset.filter(
                Q(ended_at__isnull=False) | Q(reader__unsubscribed_at__isnull=False)
            )
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "reader",
        "kind",
        "topic_label",
        "language",
        "delivery",
        "confirmed_at",
        "ended_at",
    ]
    list_filter = [StatusFilter, "kind", "reader__language", "reader__delivery"]
    list_select_related = ["reader", "section", "tag", "officer", "programme"]
    search_fields = [
        "reader__email",
        "section__name",
        "tag__name",
        "officer__full_name",
        "programme__name",
    ]
    fields = [
        "reader",
        "kind",
        "section",
        "tag",
        "officer",
        "programme",
        "created_at",
        "confirmed_at",
        "ended_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("follows"))
    def topic_label(self, obj):
        return obj.topic_label

    @admin.display(description=_("language"), ordering="reader__language")
    def language(self, obj):
        return obj.reader.get_language_display()

    @admin.display(description=_("delivery"), ordering="reader__delivery")
    def delivery(self, obj):
        return obj.reader.get_delivery_display()

    def changelist_view(self, request, extra_context=None):
        counts = (
            Subscription.objects.active()
            .values("kind")
            .annotate(total=Count("pk"))
            .order_by("kind")
        )
        labels = dict(Subscription.Kind.choices)
        extra_context = {
            **(extra_context or {}),
            "active_counts": [(labels[row["kind"]], row["total"]) for row in counts],
            "active_readers": Subscription.objects.active().values("reader").distinct().count(),
        }
        return super().changelist_view(request, extra_context)
