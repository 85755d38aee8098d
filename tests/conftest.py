"""pytest configuration: the shared test helpers get pytest's assertion messages too."""

import pytest

pytest.register_assert_rewrite("engine_support")
