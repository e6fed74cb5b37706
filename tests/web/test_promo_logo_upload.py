"""Promo-card logos are uploaded in the admin (an ImageField, so Pillow is required)."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from huiwen.portal.models import PromoCard


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("zhanzhang", password="pw-for-tests-only"))
    return client


def png(width: int = 40, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (12, 180, 120)).save(buffer, "PNG")
    return buffer.getvalue()


def add_promo_card(client, logo: SimpleUploadedFile):
    return client.post(
        "/admin/portal/promocard/add/",
        {
            "name": "欧易",
            "localized_name": "欧易(OKX)",
            "tagline": "全球领先的数字资产交易平台",
            "url": "https://www.okx.com/",
            "logo": logo,
            "badge_text": "",
            "order": "0",
            "active": "on",
            "starts_at_0": "",
            "starts_at_1": "",
            "ends_at_0": "",
            "ends_at_1": "",
            "_save": "保存",
        },
    )


def test_uploaded_logo_is_stored_and_shown_on_the_home_page(superuser_client, media_root):
    response = add_promo_card(superuser_client, SimpleUploadedFile("okx.png", png(), content_type="image/png"))
    assert response.status_code == 302

    card = PromoCard.objects.get(name="欧易")
    stored = media_root / card.logo.name
    assert stored.is_file() and stored.resolve().is_relative_to(media_root.resolve())
    with Image.open(stored) as logo:
        assert logo.size == (40, 40)

    home = superuser_client.get("/").content.decode()
    assert re.search(rf'<img class="promo-logo" src="{re.escape(card.logo.url)}" alt="欧易"', home)


def test_a_file_that_is_not_an_image_is_refused_with_a_form_error(superuser_client, media_root):
    fake = SimpleUploadedFile("logo.png", b"<?php system($_GET['c']); ?>", content_type="image/png")
    response = add_promo_card(superuser_client, fake)

    assert response.status_code == 200
    assert "logo" in response.context["adminform"].form.errors
    assert not PromoCard.objects.exists()
    assert not list(media_root.rglob("*.png"))


def test_pillow_is_a_declared_runtime_dependency():
    # The test environment gets Pillow anyway (the bench extra pulls it in), so the
    # upload tests above pass even when a plain `pip install huiwen` would answer 500.
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    dependencies = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    names = {re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0].lower() for requirement in dependencies}
    assert "pillow" in names
