"""The product's URLs plus the floor page of the bench (never mounted by anef.urls)."""

from django.urls import path

from anef.urls import handler500  # noqa: F401 (the same error page as the product)
from anef.urls import urlpatterns as product
from bench.config import FLOOR_PATH
from bench.plancher import plancher

urlpatterns = [path(FLOOR_PATH.lstrip("/"), plancher, name="bench_plancher"), *product]
