import pytest

import actcore


@pytest.fixture
def restore_threads():
    """Put the thread count back after a test that changes it."""
    n = actcore.get_num_threads()
    yield
    actcore.set_num_threads(n)
