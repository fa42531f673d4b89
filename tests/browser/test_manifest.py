"""The production manifest asks for the least it needs and loads the same in Chromium and Firefox.

No browser needed: these run everywhere, the browser suite's copy of the extension adds host
permissions for the fixture sites only (see harness.py).
"""

import json
import re

from tests.browser.harness import EXTENSION, fixture_origins, make_test_extension

MANIFEST = json.loads((EXTENSION / "manifest.json").read_text())


def test_permissions_are_active_tab_and_the_loopback_daemon_only():
    assert MANIFEST["manifest_version"] == 3
    assert MANIFEST["permissions"] == [
        "activeTab",
        "scripting",
        "storage",
        "alarms",
        "notifications",
    ]
    assert MANIFEST["host_permissions"] == ["http://127.0.0.1/*", "http://localhost/*"]
    assert "optional_host_permissions" not in MANIFEST
    assert "content_scripts" not in MANIFEST
    assert "web_accessible_resources" not in MANIFEST
    assert "externally_connectable" not in MANIFEST


def test_one_manifest_for_chromium_and_firefox():
    assert MANIFEST["background"] == {
        "service_worker": "sw.js",
        "scripts": ["sw.js"],
        "type": "module",
    }
    gecko = MANIFEST["browser_specific_settings"]["gecko"]
    assert gecko["id"] == "rapport@rapport.local"
    assert gecko["strict_min_version"] == "140.0"
    assert gecko["data_collection_permissions"]["required"] == [
        "websiteContent",
        "personallyIdentifyingInfo",
    ]
    assert MANIFEST["commands"]["_execute_action"]["suggested_key"]["default"] == "Alt+Shift+R"


def test_every_file_the_manifest_names_exists():
    named = [
        MANIFEST["background"]["service_worker"],
        MANIFEST["action"]["default_popup"],
        MANIFEST["options_ui"]["page"],
        *MANIFEST["icons"].values(),
        *MANIFEST["action"]["default_icon"].values(),
    ]
    assert [path for path in named if not (EXTENSION / path).is_file()] == []


def test_pages_load_only_their_own_modules_and_no_remote_code():
    for page in EXTENSION.glob("*/*.html"):
        html = page.read_text()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
        assert scripts, page
        for attributes, body in scripts:
            assert body.strip() == "", f"inline script in {page}"
            source = re.search(r'src="([^"]+)"', attributes)[1]
            assert 'type="module"' in attributes and not re.match(r"\w+:", source), page
            assert (page.parent / source).is_file(), f"{page} loads missing {source}"
    for script in EXTENSION.rglob("*.js"):
        code = script.read_text()
        assert not re.search(r"\beval\(|new Function\(|innerHTML|insertAdjacentHTML", code), script
        imports = re.findall(r"^import\b[^;]*?from \"([^\"]+)\"", code, re.M)
        assert all(source.startswith(("./", "../")) for source in imports), script


def test_the_test_copy_adds_only_the_fixture_sites(tmp_path):
    copy = make_test_extension(tmp_path / "rapport")
    manifest = json.loads((copy / "manifest.json").read_text())
    added = manifest["host_permissions"][len(MANIFEST["host_permissions"]) :]
    assert added == fixture_origins()
    assert all(re.fullmatch(r"https://[a-z0-9.-]+/\*", origin) for origin in added)
    assert {k: v for k, v in manifest.items() if k != "host_permissions"} == {
        k: v for k, v in MANIFEST.items() if k != "host_permissions"
    }
