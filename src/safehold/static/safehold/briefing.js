// The briefing's folded sections: open the one holding the line a link points at (the
// summary's links, the record's "back to the briefing", the quick actions' return), and
// open the loaded sections for printing. A folded section's lines load when it is opened (htmx);
// until then it carries the ids of the offenders it anchors, so a link to one of them
// opens it and scrolls to the line once loaded. Without JavaScript each section's link
// gives the page with that section open.
const folds = () => Array.from(document.querySelectorAll("details.safehold-fold"));

function show(id, fold) {
  const target = document.getElementById(id);
  if (target) {
    target.scrollIntoView();
  } else {
    // Lines still loading: scroll once htmx has put them in.
    fold.addEventListener("htmx:afterSettle", () => {
      const loaded = document.getElementById(id);
      if (loaded) loaded.scrollIntoView();
    }, { once: true });
  }
}

function reveal() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  if (!id) return;
  const target = document.getElementById(id);
  let fold = target ? target.closest("details.safehold-fold") : null;
  const line = /^line-([a-z_]+)-[0-9]+$/.exec(id);
  if (!target && line) {
    fold = document.querySelector(`details.safehold-fold[data-testid="section-${line[1]}"]`);
  } else if (!target && id.startsWith("offender-")) {
    const number = id.slice("offender-".length);
    const lazy = /^[0-9]+$/.test(number)
      ? document.querySelector(`.safehold-fold__lazy[data-anchors~="${number}"]`)
      : null;
    fold = lazy ? lazy.closest("details.safehold-fold") : null;
  }
  if (fold && !fold.open) {
    fold.open = true;
    show(id, fold);
  }
}

window.addEventListener("hashchange", reveal);
reveal();

let closed = [];
// Printing the page opens the closed sections whose lines are already here (opening one
// that is not would print its "Show the lines" link: the A4 version has every line).
const loaded = (d) => !d.querySelector(".safehold-fold__lazy a[href^='?section=']");
window.addEventListener("beforeprint", () => {
  closed = folds().filter((d) => !d.open && loaded(d));
  closed.forEach((d) => { d.open = true; });
});
window.addEventListener("afterprint", () => {
  closed.forEach((d) => { d.open = false; });
  closed = [];
});
