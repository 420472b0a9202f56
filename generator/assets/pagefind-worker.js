// The site's search worker with the `pagefind` backend: Material's search box and result list ask,
// Pagefind answers. Material's script sends this worker its messages (0: set up, 2: a query) and
// renders what it posts back (1: ready, 3: results), as it does with its own Lunr worker; here the
// answers come from the Pagefind index the plugin writes to pagefind/ after the build, which the
// browser fetches in small pieces: the index chunks of the words typed and the pages shown, not
// one index of the whole site.
// The plugin writes the number of results in place of the placeholder below.
"use strict"
const LIMIT = __RESULT_LIMIT__
const root = new URL("../../../", self.location.href)  // this file is assets/javascripts/workers/
let pagefind = null
let latest = 0
// How many pages matched in all, for the count Material shows (generator/assets/pagefind-count.js).
const counts = "BroadcastChannel" in self ? new BroadcastChannel("briefing-search") : null

self.addEventListener("message", async event => {
  const message = event.data
  if (!message) return
  if (message.type === 0) {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href)
    // A word's further mentions on a page count for little: see TERMS_WEIGHT in generator/pagefind.py.
    await pagefind.options({ excerptLength: 24, ranking: { termSaturation: 0.2 } })
    await pagefind.init()
    self.postMessage({ type: 1 })
  } else if (message.type === 2 && pagefind !== null) {
    const query = latest += 1
    const { items, total } = await search(String(message.data))
    if (query === latest) {  // an answer to a query the reader has since typed over is dropped
      if (counts) counts.postMessage({ query: String(message.data), shown: items.length, total })
      self.postMessage({ type: 3, data: { items } })
    }
  }
})

// A hyphen inside a word is a space to the reader ("Force-North"); a leading "-" is not.
async function search(text) {
  const typed = text.replace(/(?<=[\p{L}\p{N}])-(?=[\p{L}\p{N}])/gu, " ").trim()
  if (!typed) return { items: [], total: 0 }
  const found = await pagefind.search(typed)
  if (!found || !found.results.length) return { items: [], total: 0 }
  const words = Object.fromEntries(typed.toLowerCase().split(/\s+/).map(w => [w, true]))
  const pages = await Promise.all(found.results.slice(0, LIMIT).map(r => r.data()))
  const best = found.results[0].score || 1
  const asked = plain(typed)
  // The page one of whose names is what the reader typed comes first ("ICE": the agency, not the
  // mission "ICE return to interior enforcement"), as Material's search boost puts it there.
  const ranked = pages.map((page, n) => ({ page, score: 100 * (found.results[n].score || 0) / best,
                                           named: names(page).some(name => plain(name) === asked) }))
  ranked.sort((a, b) => (b.named - a.named) || (b.score - a.score))
  return { items: ranked.map(({ page, score, named }) => item(page, named ? score + 100 : score, words)),
           total: found.results.length }
}

// The page's title and its other names: the hidden paragraph of generator/search_terms.py, which
// the plugin has Pagefind keep as the page's "names" (generator/pagefind.py).
function names(page) {
  const other = (page.meta.names || "").replace(/^[^:]*:\s*/, "").split(/;\s*/)
  const title = page.meta.title || ""
  return [title, title.replace(/\s*\(.*$/, ""), ...other]
}

function plain(text) {
  return String(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim()
}

// One result in Material's form: the page (an address without "#") with its excerpt, then up to
// three sections that matched, scored below the page so that Material folds them into "N more on
// this page" as it does its own. The page's title heading is the page itself, not a section.
function item(page, score, terms) {
  const location = page.url.replace(/^\//, "")
  const docs = [{ location, title: mark(escape(page.meta.title || location), terms), text: page.excerpt, score, terms }]
  const sections = (page.sub_results || []).filter(s => s.url.includes("#") && (!s.anchor || s.anchor.element !== "h1"))
  for (const sub of sections.slice(0, 3))
    docs.push({ location: sub.url.replace(/^\//, ""), title: mark(escape(sub.title), terms), text: sub.excerpt, score: score / 2, terms })
  return docs
}

// The words typed, marked in a title as Material marks them (Pagefind marks them in excerpts only).
function mark(title, terms) {
  const words = Object.keys(terms).map(w => escape(w).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).filter(Boolean)
  if (!words.length) return title
  return title.replace(new RegExp(`(?<![\\p{L}\\p{N}&])(?:${words.join("|")})`, "giu"), "<mark>$&</mark>")
}

// Material writes titles and excerpts as HTML. Pagefind escapes its excerpts (keeping its <mark>),
// not the titles it stores as the page's text.
function escape(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
}
