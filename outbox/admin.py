from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Message


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["recipient_key", "email", "language", "status", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

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

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

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
