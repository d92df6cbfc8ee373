"""Sample home page text, written for the practice and marked as sample until staff confirm it."""

from .models import HomePage

SAMPLE_INTRODUCTION = (
    "We are physical therapists who help you move without pain and get back to what you love, "
    "whether that is work, sport or an easy walk around the block.\n\n"
    "We see each patient one to one, find the cause of the problem, and build a plan of hands-on "
    "treatment and exercise that fits your life. Our clinics are in Manhattan, Chatham, Wharton and Darien."
)


def seed_home_page() -> bool:
    """Write the sample introduction unless the home page exists (so edits stand)."""
    if HomePage.objects.exists():
        return False
    HomePage.objects.create(introduction=SAMPLE_INTRODUCTION, is_sample=True)
    return True
