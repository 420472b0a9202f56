// With the `pagefind` backend, Material's result list shows the pages our worker gives it (the best
// 20 at most: RESULT_LIMIT in generator/pagefind.py) and counts those: "20 matching documents" where hundreds match. The worker
// also tells, on a BroadcastChannel, how many pages matched the query in all; this script puts that
// in Material's count ("20 of 412 matching documents"), for the query still in the search box.
"use strict"
;(() => {
  const meta = document.querySelector(".md-search-result__meta")
  const box = document.querySelector("input.md-search__input")
  if (!meta || !box || !("BroadcastChannel" in self)) return
  let latest = null
  const show = () => {
    const count = /^(\d+) matching documents$/.exec(meta.textContent.trim())
    if (latest && count && latest.query === box.value && +count[1] === latest.shown && latest.total > latest.shown)
      meta.textContent = `${latest.shown} of ${latest.total.toLocaleString("en")} matching documents`
  }
  new BroadcastChannel("briefing-search").onmessage = event => { latest = event.data; show() }
  new MutationObserver(show).observe(meta, { childList: true, characterData: true, subtree: true })
})()
