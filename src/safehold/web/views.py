"""Views: check access through accounts.policy, call a service or selector, render."""
