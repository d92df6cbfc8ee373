import pytest

from .factories import make_location


@pytest.fixture
def clinic(db):
    return make_location()
