// Suggests existing tags under the story form's tag field as staff type, accents and case
// ignored by the server ("Michoacan" offers "Michoacán"). A static file with no inline code,
// as the admin's Content-Security-Policy requires. The field stays a plain comma-separated box
// that works without this script.
"use strict";

(function () {
  const DELAY_MS = 150;

  function splitLast(value) {
    const comma = value.lastIndexOf(",");
    return {
      head: comma < 0 ? "" : value.slice(0, comma + 1) + " ",
      typed: value.slice(comma + 1).trim(),
    };
  }

  function quoted(name) {
    return name.includes(",") ? '"' + name.replaceAll('"', "") + '"' : name;
  }

  function setUp(input) {
    const list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "tag-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    // The list hangs under the field, over what follows, like the browser's own suggestions.
    const anchor = document.createElement("div");
    anchor.className = "tag-suggest";
    input.insertAdjacentElement("beforebegin", anchor);
    anchor.append(input, list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    let active = -1;
    let timer = null;
    let pending = null;

    function options() {
      return Array.from(list.querySelectorAll("[role=option]"));
    }

    function close() {
      list.hidden = true;
      list.replaceChildren();
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      const all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach((option, position) => {
        option.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
    }

    function choose(name) {
      input.value = splitLast(input.value).head + quoted(name) + ", ";
      close();
      input.focus();
    }

    function show(results, typed) {
      list.replaceChildren();
      results.forEach((tag, index) => {
        const option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.name = tag.name;
        option.textContent = tag.name;
        if (tag.name_es && tag.name_es !== tag.name) {
          const spanish = document.createElement("span");
          spanish.className = "tag-suggestions__translation";
          spanish.lang = "es";
          spanish.textContent = tag.name_es;
          option.append(" ", spanish);
        }
        // mousedown, not click: it comes before the field's blur closes the list.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(tag.name);
        });
        list.append(option);
      });
      const found = results.length > 0 && splitLast(input.value).typed === typed;
      list.hidden = !found;
      input.setAttribute("aria-expanded", found ? "true" : "false");
      active = -1;
    }

    function suggest() {
      const typed = splitLast(input.value).typed;
      if (!typed) {
        close();
        return;
      }
      if (pending) pending.abort();
      pending = new AbortController();
      const address = input.dataset.tagSuggestions + "?q=" + encodeURIComponent(typed);
      fetch(address, { signal: pending.signal, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => show(data.results, typed))
        .catch((error) => {
          if (error.name !== "AbortError") close();
        });
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, DELAY_MS);
    });
    input.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(options()[active].dataset.name);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  function start() {
    document.querySelectorAll("input[data-tag-suggestions]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
