"""The `huiwen` command as an operator uses it."""

from __future__ import annotations

import os
import subprocess
import sys


def run_huiwen(*args: str, data_dir, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HUIWEN_DATA_DIR": str(data_dir), **(extra_env or {})}
    env.pop("HUIWEN_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "huiwen", *args], env=env, capture_output=True, text=True, timeout=300)


def test_init_is_idempotent_and_demo_loads_once(tmp_path):
    assert run_huiwen("init", "--quiet", data_dir=tmp_path).returncode == 0
    assert run_huiwen("init", "--quiet", data_dir=tmp_path).returncode == 0
    assert (tmp_path / "huiwen.sqlite3").exists()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0

    first = run_huiwen("demo", "--no-serve", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Loaded 16 demo articles." in first.stdout
    second = run_huiwen("demo", "--no-serve", data_dir=tmp_path)
    assert "not loaded again" in second.stdout
    passwords = [line.rsplit("password ", 1)[1] for line in (first.stdout + second.stdout).splitlines() if "password" in line]
    assert len(passwords) == 2 and passwords[0] != passwords[1]

    counted = run_huiwen("manage", "shell", "-c",
                         "from huiwen.news.models import Article; print(Article.objects.published().count())",
                         data_dir=tmp_path)
    assert counted.stdout.strip().splitlines()[-1] == "16"


def test_unknown_command_is_a_clear_error(tmp_path):
    result = run_huiwen("frobnicate", data_dir=tmp_path)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_extract_prints_the_seed_article_as_json(tmp_path):
    import json

    from conftest import require_shared

    seed = require_shared("seed")
    result = run_huiwen("extract", str(seed / "seed-article.html"), "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    expected = json.loads((seed / "seed-article.expected.json").read_text("utf-8"))
    for field in ("title", "author", "editor", "subtitle", "published_at"):
        assert record[field] == expected[field], field
    assert [b["text"] for b in record["blocks"] if b["type"] == "heading"] == expected["headings"]
    assert [b["text"] for b in record["blocks"] if b["type"] == "paragraph"] == expected["paragraphs"]
    assert not [junk for junk in expected["must_not_contain"] if junk in record["text"]]


def test_extract_reports_unreadable_files_and_refused_urls(tmp_path):
    missing = run_huiwen("extract", str(tmp_path / "nope.html"), data_dir=tmp_path)
    assert missing.returncode == 1 and "cannot read" in missing.stderr
    private = run_huiwen("extract", "http://169.254.169.254/latest/meta-data/", data_dir=tmp_path)
    assert private.returncode == 1 and "169.254.169.254" in private.stderr


def test_the_readme_example_adds_and_collects_a_folder(tmp_path):
    """The README's `huiwen source add files …` then `huiwen collect --source ID`, run as written
    (with this interpreter for `.venv/bin/huiwen`) in a new project folder."""
    from conftest import REPO_ROOT

    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    example = readme.split("A folder of HTML pages, from a shell", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0]
    script = example.replace(".venv/bin/huiwen", f"{sys.executable} -m huiwen")
    env = {key: value for key, value in os.environ.items() if not key.startswith("HUIWEN_")}
    result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "标题:西湖社区开设老年食堂" in result.stdout  # the dry run
    assert "已添加采集源 1:我的稿件" in result.stdout
    assert "我的稿件:新增 1,重复 0,失败 0" in result.stdout
    assert "1/0/0  正常" in result.stdout  # source list


def test_source_help_and_errors_reach_the_operator(tmp_path):
    helped = run_huiwen("source", "--help", data_dir=tmp_path)
    assert helped.returncode == 0 and "{add,test,list,show,remove}" in helped.stdout
    assert run_huiwen("init", "--quiet", data_dir=tmp_path).returncode == 0
    assert (tmp_path / "import").is_dir(), "init creates the first import folder"
    missing = run_huiwen("source", "show", "7", data_dir=tmp_path)
    assert missing.returncode == 1 and "没有编号为 7 的采集源" in missing.stderr
    english = run_huiwen("source", "add", "files", "nowhere", data_dir=tmp_path, extra_env={"HUIWEN_LANGUAGE": "en"})
    assert english.returncode == 1 and "nowhere does not exist" in english.stderr
    assert run_huiwen("init", "--bogus", data_dir=tmp_path).returncode == 2


def test_extract_reads_a_page_without_loading_dictionaries_django_or_numpy(tmp_path):
    """`huiwen extract` without --enrich must stay a quick start: the segmentation
    dictionaries (jieba) and Django cost seconds to import, and numpy (for signatures)
    a tenth of one."""
    from conftest import require_shared

    page = require_shared("seed") / "seed-article.html"
    probe = (
        "import json, sys\n"
        "from huiwen.cli import main\n"
        f"main(['extract', '--json', {str(page)!r}])\n"
        "print(json.dumps(sorted(m for m in ('jieba', 'django', 'numpy') if m in sys.modules)))\n"
    )
    env = {**os.environ, "HUIWEN_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    record_text, _, loaded = result.stdout.rpartition("\n[")
    import json

    assert json.loads("[" + loaded) == []
    record = json.loads(record_text)
    assert record["title"] and "summary" not in record and "keywords" not in record


def test_extract_enrich_adds_summary_and_keywords(tmp_path):
    import json

    from conftest import require_shared

    page = require_shared("seed") / "seed-article.html"
    enriched = json.loads(run_huiwen("extract", str(page), "--json", "--enrich", data_dir=tmp_path).stdout)
    assert enriched["summary"] and enriched["summary"][:8] in enriched["text"]
    assert enriched["keywords"] and all(word in enriched["text"] for word in enriched["keywords"])

    plain = run_huiwen("extract", str(page), "--enrich", data_dir=tmp_path).stdout
    assert f"summary: {enriched['summary']}" in plain
    assert f"keywords: {', '.join(enriched['keywords'])}" in plain
    assert "summary:" not in run_huiwen("extract", str(page), data_dir=tmp_path).stdout
