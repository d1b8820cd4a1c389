// Site script of Lab 02. Jupyter Book injects every .js file of _static/ into every page.

// Keyboard access to code that scrolls sideways (WCAG 2.1.1; axe rule
// scrollable-region-focusable). The theme gives every scrollable code block tabindex=0 when
// the page loads and when content is added, but solutions are hidden then (nothing in them
// scrolls), opening one only changes a class, which the theme does not watch, and a narrower
// window (a phone, or a desktop zoomed to 400%) makes more blocks scroll. So the theme's own
// test is repeated, once per frame at most, whenever a block is shown or hidden and whenever
// the window changes size.
document.addEventListener("DOMContentLoaded", () => {
  const main = document.getElementById("main-content");
  if (!main) return;
  const scrollables = ["pre", ".nboutput > .output_area", ".cell_output > .output",
                       ".jp-RenderedHTMLCommon", ".pst-scrollable-table-container"].join(", ");
  const update = () => main.querySelectorAll(scrollables).forEach((e) => {
    e.tabIndex = e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight ? 0 : -1;
  });
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      update();
    });
  };
  new MutationObserver(schedule)
    .observe(main, {subtree: true, attributes: true, attributeFilter: ["class", "open"]});
  window.addEventListener("resize", schedule);
});

// Printing from the dark theme. Browsers print no backgrounds by default, so the dark theme's
// light text would land almost invisible on white paper: pages print in the light theme, and
// the reader's theme comes back afterwards. "beforeprint" is the print dialog; the media query
// also covers print previews and PDF export that only switch the media type.
(() => {
  const root = document.documentElement;
  let readers = null;  // the theme to restore, while printing
  const print = () => {
    if (readers !== null) return;
    readers = root.dataset.theme;
    root.dataset.theme = "light";
  };
  const screen = () => {
    if (readers === null) return;
    root.dataset.theme = readers;
    readers = null;
  };
  window.addEventListener("beforeprint", print);
  window.addEventListener("afterprint", screen);
  window.matchMedia("print").addEventListener("change", (e) => (e.matches ? print() : screen()));
})();
