// The briefing's folded sections: open the one holding the line a link points at (the
// summary's links, the record's "back to the briefing", the quick actions' return), and
// open every section for printing. Without JavaScript the sections still open by hand.
const folds = () => Array.from(document.querySelectorAll("details.safehold-fold"));

function reveal() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  const fold = target ? target.closest("details.safehold-fold") : null;
  if (fold && !fold.open) {
    fold.open = true;
    target.scrollIntoView();
  }
}

window.addEventListener("hashchange", reveal);
reveal();

let closed = [];
window.addEventListener("beforeprint", () => {
  closed = folds().filter((d) => !d.open);
  closed.forEach((d) => { d.open = true; });
});
window.addEventListener("afterprint", () => {
  closed.forEach((d) => { d.open = false; });
  closed = [];
});
