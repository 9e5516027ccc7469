"""Signing in: Django's ModelBackend, loading the signed-in user with their team and service in one
query on every request (every page shows them in its header, and the policy reads them)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class SafeholdBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("team__service", "service").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
