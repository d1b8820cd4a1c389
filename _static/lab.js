// Site script of Lab 02. Jupyter Book injects every .js file of _static/ into every page.

// Keyboard access to code that scrolls sideways inside a solution (WCAG 2.1.1; axe rule
// scrollable-region-focusable). The theme gives every scrollable code block tabindex=0 when
// the page loads and when content is added, but solutions are hidden then (nothing in them
// scrolls), and opening one only changes a class, which the theme does not watch. So the
// theme's own test is repeated whenever a block is shown or hidden.
document.addEventListener("DOMContentLoaded", () => {
  const main = document.getElementById("main-content");
  if (!main) return;
  const scrollables = ["pre", ".nboutput > .output_area", ".cell_output > .output",
                       ".jp-RenderedHTMLCommon", ".pst-scrollable-table-container"].join(", ");
  const update = () => main.querySelectorAll(scrollables).forEach((e) => {
    e.tabIndex = e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight ? 0 : -1;
  });
  let timer = null;
  new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(update, 50);
  }).observe(main, {subtree: true, attributes: true, attributeFilter: ["class", "open"]});
});
