"""``python -m bench.uploads``: what accepting a camera's photo costs, at 24, 61 and 100 megapixels.

For each size, in a process of its own (so its peak memory is its own): a JPEG like a camera's
(gradients under fine noise, which compresses as a photo does), then the upload's work, timed:
validating, turning upright, scaling to the stored master and re-encoding it
(``imaging.clean_upload``), then making every rendition and the social crop from the stored
master, as the upload's commit does. Prints seconds and peak memory per size, and writes them to
bench-results/uploads.json. See docs/scaling.md.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
SIZES = {"24 MP": (6000, 4000), "61 MP": (9504, 6336), "100 MP": (11648, 8736)}


def camera_jpeg(width, height):
    from PIL import Image

    across = Image.linear_gradient("L").rotate(90).resize((width, height))
    down = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 24)
    buffer = io.BytesIO()
    Image.merge("RGB", [across, down, noise]).save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def measure(width, height):
    """One size, in this process: the figures as a dict."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import InMemoryStorage

    from photos import imaging, renditions

    data = camera_jpeg(width, height)
    started = time.perf_counter()
    clean = imaging.clean_upload(ContentFile(data, name="camera.jpg"))
    cleaned = time.perf_counter()
    image = imaging.open_stored(clean.content)
    writer = renditions._Writer(InMemoryStorage(), "bench/renditions/", set())
    files = renditions._responsive_files(image, "jpeg", {}, writer, False)
    renditions._social_file(image, (0.5, 0.5), writer)
    made = time.perf_counter()
    return {
        "file MB": round(len(data) / 1024 / 1024, 1),
        "stored size": f"{clean.size[0]}×{clean.size[1]}",
        "upload s": round(cleaned - started, 2),
        "renditions s": round(made - cleaned, 2),
        "renditions": len(files) + 1,
        "peak MB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=2, type=int, metavar=("WIDTH", "HEIGHT"))
    arguments = parser.parse_args()
    if arguments.one:
        print(json.dumps(measure(*arguments.one)))  # noqa: T201  (read by the parent)
        return
    results = {}
    for label, (width, height) in SIZES.items():
        output = subprocess.run(  # noqa: S603  (this interpreter, this module)
            [sys.executable, "-m", "bench.uploads", "--one", str(width), str(height)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[label] = json.loads(output.strip().splitlines()[-1])
        print(label, results[label], flush=True)  # noqa: T201  (a command's report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "uploads.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
