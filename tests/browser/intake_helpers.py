"""What the intake browser tests share: the front desk signing in to the admin."""

from django.contrib.auth.models import Group

from clinic_site.groups import FRONT_DESK

PASSWORD = "correct horse battery"


def sign_in_front_desk(page, live_server, django_user_model):
    """Make a front-desk user, sign them in on `page` and return them."""
    staff = django_user_model.objects.create_user("dana", password=PASSWORD, is_staff=True)
    staff.groups.add(Group.objects.get(name=FRONT_DESK))
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return staff
