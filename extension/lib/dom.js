/**
 * Building the screens from data, never by parsing strings as markup: names and notes come
 * from web pages and must never become markup.
 */

/** `h("p", {class: "muted"}, "text", child)`: an element with properties and children. */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    // A form's reset() clears what was typed but goes back to the choices first rendered.
    else if (name === "value") element.value = value;
    else if (name === "checked") element.checked = element.defaultChecked = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat(Infinity).filter((child) => child || child === 0));
  return element;
}

/** Replace what `container` shows. */
export function show(container, ...children) {
  container.replaceChildren(...children.flat(Infinity).filter(Boolean));
}

const ICONS = {
  sliders:
    "M3 6h11M18 6h3M14 6a2 2 0 1 0 4 0 2 2 0 1 0-4 0M3 12h3M10 12h11M6 12a2 2 0 1 0 4 0 2 2 0 1 0-4 0M3 18h9M16 18h5M12 18a2 2 0 1 0 4 0 2 2 0 1 0-4 0",
  check: "M5 12.5 10 17l9-10",
  copy: "M9 9h10v10H9zM5 15V5h10",
  external: "M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5",
  plug: "M9 2v5M15 2v5M6 7h12v4a6 6 0 0 1-12 0V7ZM12 17v5",
  link: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1",
  page: "M6 3h8l4 4v14H6zM14 3v4h4",
  alert: "M12 4 2.5 20h19L12 4Zm0 6v4m0 3v.5",
  close: "M6 6l12 12M18 6 6 18",
  calendar: "M4 6h16v14H4zM4 10h16M8 3v4M16 3v4",
};

/** A small line icon from the table above, hidden from screen readers. */
export function icon(name, size = 16) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", size);
  svg.setAttribute("height", size);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "icon");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}
