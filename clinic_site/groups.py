"""Staff groups and their permissions, as the data migrations that create them need."""

from collections.abc import Iterable

from django.contrib.auth.management import create_permissions

# The staff groups, as data migrations created them. Code and tests name them from here; the
# migrations keep the names they were written with, as history.
CONTENT_EDITORS = "Content editors"
FRONT_DESK = "Front desk"

ALL_ACTIONS = ("add", "change", "delete", "view")


def grant(apps, group_name: str, app_label: str, permissions: dict[str, Iterable[str]]) -> None:
    """Give a group (made if missing) `{model: actions}` permissions, from a data migration.

    On a fresh database Django makes permissions only after every migration has run, so
    they are made here first.
    """
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # a migration's app stub lacks it; create_permissions asks
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    codenames = [f"{action}_{model}" for model, actions in permissions.items() for action in actions]
    group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
