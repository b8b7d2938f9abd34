// The story body editor, made for writing all day: spell-check in the story's language, words
// on the link dialog that say what its buttons do, and pastes from Word or Google Docs that keep
// their structure and say what they could not keep. A classic script, so it runs before the
// editor's modules, which read window.gettext when they load.
"use strict";

(() => {
    const words = () => {
        const element = document.getElementById("desk-editor-words");
        return element ? JSON.parse(element.textContent) : {};
    };

    // The editor asks window.gettext for its own words ("Update", "URL", …). A dialog asks for
    // its title and then for its buttons, so a button can be named for the dialog it is on:
    // "Update:Edit Link" is the link dialog's "Update".
    const editorGettext = window.gettext;
    let dialog = "";
    window.gettext = (text) => {
        const table = words().editor || {};
        if (text.startsWith("Edit ") || text.endsWith(" properties") || text.startsWith("Insert ")) {
            dialog = text;
        }
        const chosen = table[`${text}:${dialog}`] || table[text];
        if (chosen) {
            return chosen;
        }
        return editorGettext ? editorGettext(text) : text;
    };

    const languageField = () => document.getElementById("id_language");

    const speakStoryLanguage = (dom, textarea) => {
        const field = languageField();
        const language = (field && field.value) || textarea.getAttribute("lang") || "";
        dom.setAttribute("spellcheck", "true");
        if (language) {
            dom.setAttribute("lang", language);
        }
    };

    // What a paste loses: the body holds text, headings, lists, links, emphasis and tables.
    const DROPPED = /<(img|picture|svg|video|audio|iframe|object|embed)\b|<v:(imagedata|shape)\b/gi;

    const tidyPaste = (html, report) => {
        const dropped = (html.match(DROPPED) || []).length;
        if (dropped) {
            report(dropped);
        }
        // Word and Google Docs call the first heading h1 and the deepest h5 or h6; the story has
        // its headline as h1 and keeps h2 to h4.
        return html
            .replace(/<(\/?)h1\b/gi, "<$1h2")
            .replace(/<(\/?)h[56]\b/gi, "<$1h4");
    };

    const showNotice = (textarea, count) => {
        const template = (words().dropped || {})[count === 1 ? "one" : "many"] || "";
        if (!template) {
            return;
        }
        // Inside the editor's own box, under the editing area: beside it, in the form row's
        // flex line, it would take half the editor's width.
        const container = textarea.closest(".prose-editor") || textarea.parentElement;
        let notice = container.querySelector(".paste-notice");
        if (!notice) {
            notice = document.createElement("p");
            notice.className = "paste-notice";
            notice.setAttribute("role", "status");
            container.append(notice);
        }
        notice.textContent = template.replace("%(count)s", String(count));
    };

    document.addEventListener("prose-editor:ready", (event) => {
        const { editor, textarea } = event.detail;
        const dom = editor.view.dom;
        speakStoryLanguage(dom, textarea);
        const field = languageField();
        if (field) {
            field.addEventListener("change", () => speakStoryLanguage(dom, textarea));
        }
        editor.setOptions({
            editorProps: {
                ...editor.options.editorProps,
                transformPastedHTML: (html) =>
                    tidyPaste(html, (count) => showNotice(textarea, count)),
            },
        });
    });
})();
