// The safeguarding queue refreshes itself (htmx, every 30 s): keep open explanations open
// and the scroll position where it was, so a refresh never loses the reader's place.
const live = document.getElementById("queue-live");
if (live) {
  let open = [];
  let scroll = 0;
  live.addEventListener("htmx:beforeSwap", () => {
    open = Array.from(live.querySelectorAll("details[open]")).map((d) => d.id);
    scroll = window.scrollY;
  });
  live.addEventListener("htmx:afterSwap", () => {
    for (const id of open) {
      const details = document.getElementById(id);
      if (details) details.open = true;
    }
    window.scrollTo(0, scroll);
  });
}
