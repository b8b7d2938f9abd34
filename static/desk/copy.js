// A button with data-copy="ID" copies the text field ID to the clipboard, then says so for a
// moment. Loaded as a file of the site's own, so the Content-Security-Policy lets it run.
"use strict";

document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) {
        return;
    }
    const field = document.getElementById(button.dataset.copy);
    if (!field) {
        return;
    }
    field.select();
    const label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    const done = () => {
        button.textContent = button.dataset.copied || label;
        window.setTimeout(() => {
            button.textContent = label;
        }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, () => {
            document.execCommand("copy");
            done();
        });
    } else {
        document.execCommand("copy");
        done();
    }
});
