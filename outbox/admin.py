from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.permissions import can_publish

from .models import Delivery, Message


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["recipient_key", "email", "language", "status", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The delivery log: what was sent, about what, and how far it got."""

    list_display = ["__str__", "topic", "created_at", "total", "sent", "waiting", "failed"]
    list_filter = ["kind"]
    search_fields = ["topic", "kind"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "kind",
        "template",
        "context",
        "topic",
        "created_at",
        "created_by",
        "erased_deliveries",
    ]
    inlines = [DeliveryInline]

    # The log is for those who send: Editors and Administrators send releases, corrections and
    # readers' email, and need to see what went out, what waits and what failed. It is kept by
    # the system; nobody adds to it or changes it by hand.
    def has_module_permission(self, request):
        return can_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description=_("recipients"), ordering="total_count")
    def total(self, obj):
        return obj.total_count + obj.erased_deliveries

    @admin.display(description=_("sent"))
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description=_("waiting"))
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("failed"))
    def failed(self, obj):
        return obj.failed_count
