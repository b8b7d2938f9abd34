import io
import json

import pytest
from django.core.management import CommandError, call_command

from photos.models import Photo
from tests.factories import PhotoFactory, image_upload
from tests.photos.crafted import encoded, photo_like, upload

pytestmark = pytest.mark.django_db


def regenerate(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("regenerate_renditions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def photo_without_renditions(**fields):
    photo = PhotoFactory(image=image_upload(size=(800, 600)), **fields)
    assert photo.rendition_set is None
    return photo


# regenerate_renditions


def test_regenerate_makes_renditions_for_every_photo(commit):
    photos = [photo_without_renditions() for _ in range(3)]
    out, _err = commit(regenerate)
    assert "Renditions made for 3 of 3 photos" in out
    for photo in photos:
        photo.refresh_from_db()
        assert [r.width for r in photo.rendition_set.webp] == [320, 640, 800]
        assert photo.social_image is not None


def test_regenerate_shows_a_progress_bar_on_standard_error(commit):
    photo_without_renditions()
    photo_without_renditions()
    _out, err = commit(regenerate)
    assert "2/2 photos" in err
    assert "[" + "#" * 30 + "]" in err


def test_missing_only_leaves_photos_with_current_renditions_alone(commit, saved_photo):
    done = saved_photo()
    names = done.stored_file_names()
    missing = photo_without_renditions()
    out, _err = commit(regenerate, "--missing-only")
    assert "Renditions made for 1 of 2 photos; 1 already had them." in out
    done.refresh_from_db()
    missing.refresh_from_db()
    assert done.stored_file_names() == names
    assert missing.rendition_set is not None


def test_missing_only_remakes_a_rendition_gone_from_the_storage(commit, saved_photo):
    photo = saved_photo(image=image_upload(size=(800, 600)))
    lost = photo.rendition_set.webp[0].name
    photo.image.storage.delete(lost)
    out, _err = commit(regenerate, "--missing-only")
    assert "Renditions made for 1 of 1 photos" in out
    photo.refresh_from_db()
    assert all(photo.image.storage.exists(name) for name in photo.stored_file_names())


def test_missing_only_remakes_the_crop_after_the_focal_point_changed_elsewhere(commit, saved_photo):
    photo = saved_photo(image=upload(encoded(photo_like((1600, 900)), "JPEG")))
    old_crop = photo.social_image.name
    Photo.objects.filter(pk=photo.pk).update(focal_point_x=0.1, focal_point_y=0.1)
    commit(regenerate, "--missing-only")
    photo.refresh_from_db()
    assert photo.social_image.name != old_crop
    assert not photo.image.storage.exists(old_crop)


def test_regenerating_everything_rewrites_no_unchanged_file(commit, saved_photo, media_root):
    photo = saved_photo(image=image_upload(size=(800, 600)))
    before = {path: path.stat().st_mtime_ns for path in media_root.rglob("*") if path.is_file()}
    out, _err = commit(regenerate)
    after = {path: path.stat().st_mtime_ns for path in media_root.rglob("*") if path.is_file()}
    assert "Renditions made for 1 of 1 photos" in out
    assert after == before
    photo.refresh_from_db()
    assert sorted(photo.stored_file_names()) == sorted(
        str(path.relative_to(media_root)) for path in after
    )


def test_photo_option_limits_the_run_to_the_photos_named(commit):
    chosen = photo_without_renditions()
    other = photo_without_renditions()
    out, _err = commit(regenerate, "--photo", str(chosen.pk))
    assert "Renditions made for 1 of 1 photos" in out
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.rendition_set is not None
    assert other.rendition_set is None


def test_unknown_photo_number_is_a_clear_error():
    photo_without_renditions()
    with pytest.raises(CommandError, match="No photo has the number 999"):
        regenerate("--photo", "999")


def test_photo_whose_original_is_missing_is_reported_and_the_others_still_done(commit):
    broken = photo_without_renditions()
    broken.image.storage.delete(broken.image.name)
    fine = photo_without_renditions()
    with pytest.raises(CommandError, match=f"photo {broken.pk} "):
        commit(regenerate)
    fine.refresh_from_db()
    assert fine.rendition_set is not None


def test_regenerate_with_no_photos_says_so():
    out, _err = regenerate()
    assert out == "There are no photos.\n"


# photo_benchmark


def test_benchmark_reports_time_and_bytes_and_writes_json(tmp_path):
    target = tmp_path / "photos.json"
    out = io.StringIO()
    call_command(
        "photo_benchmark",
        "--runs",
        "1",
        "--size",
        "2400x1600",
        "--json",
        str(target),
        stdout=out,
        stderr=io.StringIO(),
    )
    report = json.loads(target.read_text())
    assert report["upload"]["width"] == 2400
    assert len(report["processing_seconds"]["runs"]) == 1
    phone, desktop, hidpi = report["story_page_lead_photo"]
    assert (phone["reader"], phone["slot_css_px"], phone["chosen_width"]) == ("phone", 390, 1280)
    assert (desktop["slot_css_px"], desktop["chosen_width"]) == (1136, 1280)
    assert hidpi["chosen_width"] == 1920
    assert phone["webp_bytes"] < phone["upload_bytes"]
    assert report["social_image"]["width"] == 1200
    assert "phone 390px @3x" in out.getvalue()


def test_benchmark_leaves_no_photo_and_no_file_behind(media_root):
    call_command(
        "photo_benchmark",
        "--runs",
        "1",
        "--size",
        "800x600",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert not Photo.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_benchmark_refuses_a_size_it_cannot_read():
    with pytest.raises(CommandError, match="6000x4000"):
        call_command("photo_benchmark", "--size", "big", stdout=io.StringIO())
