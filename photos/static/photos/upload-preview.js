/* Shows a photo as soon as it is chosen for upload, before the form is saved, with its size in
   pixels and a prompt for its alt text. The texts come translated from the widget's data
   attributes. No inline script or style, so the admin's Content-Security-Policy holds: the
   preview is a data: address, which img-src allows. */
"use strict";

(function () {
    function fill(template, values) {
        return template.replace(/\{(\w+)\}/g, function (match, name) {
            return name in values ? values[name] : match;
        });
    }

    function attach(container) {
        const input = container.querySelector('input[type="file"]');
        const figure = container.querySelector("[data-photo-preview]");
        if (!input || !figure) {
            return;
        }
        const image = figure.querySelector("[data-photo-preview-image]");
        const caption = figure.querySelector("[data-photo-preview-caption]");
        let file = null;

        image.addEventListener("load", function () {
            caption.textContent = fill(caption.dataset.described, {
                width: image.naturalWidth,
                height: image.naturalHeight,
                megabytes: Math.max(0.1, file.size / (1024 * 1024)).toFixed(1),
            });
            figure.hidden = false;
        });
        image.addEventListener("error", function () {
            image.removeAttribute("src");
            caption.textContent = caption.dataset.unreadable;
            figure.hidden = false;
        });

        input.addEventListener("change", function () {
            file = input.files && input.files[0];
            if (!file) {
                figure.hidden = true;
                image.removeAttribute("src");
                caption.textContent = "";
                return;
            }
            const reader = new FileReader();
            reader.addEventListener("load", function () {
                image.src = reader.result;
            });
            reader.readAsDataURL(file);
        });
    }

    function start() {
        document.querySelectorAll("[data-photo-upload]").forEach(attach);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
