// Start GOV.UK and MOJ Frontend components. Loaded as a module, so no inline script.
import { initAll as initGovuk } from "../vendor/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/moj/moj-frontend.min.js";

initGovuk();
initMoj();

// Print buttons (data-print) without inline handlers, which the CSP forbids.
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
});

// Re-initialise GOV.UK components inside content htmx swaps in.
document.body.addEventListener("htmx:afterSwap", (event) => {
  initGovuk({ scope: event.target });
});
