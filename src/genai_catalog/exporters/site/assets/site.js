/* genai site: search over assets/search-index.js, filters, and keyboard shortcuts.
 *
 * No framework, no network: the index is a script that sets window.GENAI_INDEX.
 * Ranking follows `genai search` (src/genai_catalog/search.py) tier for tier:
 * exact id > exact name or alias > acronym > prefix > all words > close words
 * (typos, unfinished words) > summary words; ties go to the better-linked record.
 * Record text only ever reaches the page through textContent, never as HTML.
 */
(function () {
  "use strict";

  var PAGE = 50;
  var WORD = /[0-9a-z]+/g;
  var INTERNAL = /^(?:records|collections)\/[A-Za-z0-9_-]+\.html$/;

  function words(text) {
    return String(text).toLowerCase().match(WORD) || [];
  }

  function compact(text) {
    return words(text).join("");
  }

  function unique(list) {
    var seen = new Set();
    return list.filter(function (x) {
      if (seen.has(x)) { return false; }
      seen.add(x);
      return true;
    });
  }

  // rapidfuzz's fuzz.ratio: 100 * (1 - indel distance / total length), where the
  // indel distance of two words is their lengths less twice their longest common subsequence.
  function ratio(a, b) {
    var total = a.length + b.length;
    if (total === 0) { return 100; }
    var prev = new Array(b.length + 1).fill(0);
    for (var i = 1; i <= a.length; i++) {
      var cur = new Array(b.length + 1).fill(0);
      for (var j = 1; j <= b.length; j++) {
        cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      prev = cur;
    }
    return 200 * prev[b.length] / total;
  }

  // One decimal, ties to even like Python's round(): scores that tie there tie here.
  function round1(x) {
    var y = x * 10, r = Math.round(y);
    if (r - y === 0.5 && r % 2 !== 0) { r -= 1; }
    return r / 10;
  }

  function lowerBound(sorted, value, get) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (get(sorted[mid]) < value) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  function first(item) { return item[0]; }
  function self(item) { return item; }

  function Index(data) {
    var F = {};
    data.fields.forEach(function (name, i) { F[name] = i; });
    this.F = F;
    this.T = data.tiers;
    this.stop = new Set(data.stopwords);
    this.records = data.records;
    this.keys = data.keys;
    this.labelSets = [];
    var postings = new Map();
    var that = this;
    this.records.forEach(function (record, i) {
      var sets = record[F.labels].map(function (label) {
        return new Set(label.split(" "));
      });
      that.labelSets.push(sets);
      sets.forEach(function (set) {
        set.forEach(function (word) {
          if (!word) { return; }
          var owners = postings.get(word);
          if (!owners) { postings.set(word, owners = []); }
          if (owners[owners.length - 1] !== i) { owners.push(i); }
        });
      });
    });
    this.postings = postings;
    this.vocab = Array.from(postings.keys()).sort();
    this.summaryPostings = null;
    this.byName = this.records.map(function (_, i) { return i; }).sort(function (a, b) {
      var x = that.records[a][F.name].toLowerCase(), y = that.records[b][F.name].toLowerCase();
      return x < y ? -1 : x > y ? 1 : that.compareIds(a, b);
    });
  }

  Index.prototype.compareIds = function (a, b) {
    var x = this.records[a][this.F.id], y = this.records[b][this.F.id];
    return x < y ? -1 : x > y ? 1 : 0;
  };

  Index.prototype.summaryOf = function (word) {
    if (this.summaryPostings === null) {
      var map = new Map(), stop = this.stop, F = this.F;
      this.records.forEach(function (record, i) {
        new Set(words(record[F.summary] || "")).forEach(function (w) {
          if (stop.has(w)) { return; }
          var owners = map.get(w);
          if (!owners) { map.set(w, owners = []); }
          owners.push(i);
        });
      });
      this.summaryPostings = map;
    }
    return this.summaryPostings.get(word) || [];
  };

  /* Every record the query finds, best first: [{i, score, reason}]. */
  Index.prototype.search = function (query) {
    var T = this.T, F = this.F, records = this.records;
    var best = new Map();
    function offer(i, score, reason) {
      var had = best.get(i);
      if (!had || score > had[0]) { best.set(i, [score, reason]); }
    }
    var key = compact(query);
    if (!key) { return []; }
    var stop = this.stop;
    var queryWords = unique(words(query).filter(function (w) { return !stop.has(w); }));
    if (queryWords.length === 0) { queryWords = words(query); }
    this.keyHits(key, offer);
    this.wordHits(queryWords, offer);
    this.fuzzyHits(queryWords, offer);
    var inSummary = this.summaryHits(queryWords, offer);
    var useful = Math.max(queryWords.filter(function (w) { return w.length >= 3; }).length, 1);
    inSummary.forEach(function (count, i) {
      var had = best.get(i);
      // Among name matches of one strength, the summary that speaks of the query wins.
      if (had[0] < T.words) { best.set(i, [had[0] + count / useful, had[1]]); }
    });
    var hits = [];
    best.forEach(function (value, i) {
      hits.push({ i: i, score: round1(value[0]), reason: value[1],
                  summary: inSummary.get(i) || 0 });
    });
    var that = this;
    hits.sort(function (a, b) {
      return (b.score - a.score) || (records[b.i][F.degree] - records[a.i][F.degree]) ||
        (b.summary - a.summary) || that.compareIds(a.i, b.i);
    });
    return hits;
  };

  Index.prototype.keyHits = function (key, offer) {
    var T = this.T, keys = this.keys;
    var start = lowerBound(keys, key, first);
    var what = {};
    what[T.id] = "exact id";
    what[T.name] = "exact name or alias";
    what[T.acronym] = "acronym of the name";
    for (var at = start; at < Math.min(start + 400, keys.length); at++) {
      var found = keys[at][0], tier = keys[at][1], owner = keys[at][2];
      if (found.lastIndexOf(key, 0) !== 0) { break; }
      if (found === key) {
        offer(owner, tier + 4, what[tier]);
      } else if (tier !== T.acronym) {
        // Closer to a whole match ranks higher: 'llam' is nearer 'llama' than 'llamaindex'.
        offer(owner, T.prefix + 4 * key.length / found.length, "prefix of " + found);
      }
    }
  };

  Index.prototype.wordHits = function (queryWords, offer) {
    var T = this.T, postings = this.postings, labelSets = this.labelSets;
    var owners = queryWords.map(function (w) { return postings.get(w); });
    if (owners.length === 0 || owners.some(function (o) { return !o; })) { return; }
    var wanted = new Set(queryWords);
    var common = owners.slice(1).reduce(function (acc, list) {
      var set = new Set(list);
      return acc.filter(function (i) { return set.has(i); });
    }, owners[0].slice());
    common.forEach(function (i) {
      var coverage = 0;
      labelSets[i].forEach(function (label) {
        var all = true;
        wanted.forEach(function (w) { if (!label.has(w)) { all = false; } });
        if (all) { coverage = Math.max(coverage, wanted.size / label.size); }
      });
      if (coverage === 0) { coverage = 0.5; }
      offer(i, T.words + 4 * Math.min(coverage, 1), "all words in the name or aliases");
    });
  };

  Index.prototype.closeWords = function (word) {
    var vocab = this.vocab, close = new Map();
    if (word.length >= 3) {
      var start = lowerBound(vocab, word, self);
      for (var at = start; at < Math.min(start + 50, vocab.length); at++) {
        if (vocab[at].lastIndexOf(word, 0) !== 0) { break; }
        close.set(vocab[at], 85);
      }
      var found = [];
      for (var k = 0; k < vocab.length; k++) {
        var other = vocab[k];
        // The best ratio two lengths allow: skip words that cannot reach 75.
        if (200 * Math.min(word.length, other.length) / (word.length + other.length) < 75) {
          continue;
        }
        var score = ratio(word, other);
        if (score >= 75) { found.push([score, k]); }
      }
      found.sort(function (a, b) { return (b[0] - a[0]) || (a[1] - b[1]); });
      found.slice(0, 10).forEach(function (item) {
        var w = vocab[item[1]];
        close.set(w, Math.max(close.get(w) || 0, item[0]));
      });
    }
    if (this.postings.has(word)) { close.set(word, 100); }
    return close;
  };

  Index.prototype.fuzzyHits = function (queryWords, offer) {
    var T = this.T, postings = this.postings, labelSets = this.labelSets, that = this;
    var close = queryWords.map(function (w) { return that.closeWords(w); });
    if (close.length === 0) { return; }
    var candidates = new Set();
    close.forEach(function (matches) {
      matches.forEach(function (_, w) {
        (postings.get(w) || []).forEach(function (i) { candidates.add(i); });
      });
    });
    candidates.forEach(function (i) {
      labelSets[i].forEach(function (label) {
        var scores = close.map(function (matches) {
          var top = 0;
          label.forEach(function (w) { top = Math.max(top, matches.get(w) || 0); });
          return top;
        });
        var mean = scores.reduce(function (a, b) { return a + b; }, 0) / scores.length;
        if (mean < 50) { return; }
        var matched = scores.filter(function (s) { return s > 0; }).length;
        // Share of the name the query accounts for.
        var coverage = Math.min(matched / label.size, 1);
        offer(i, T.fuzzy + 25 * (mean - 50) / 50 + 4 * coverage,
              "close words " + matched + "/" + scores.length);
      });
    });
  };

  Index.prototype.summaryHits = function (queryWords, offer) {
    var T = this.T, counted = new Map(), that = this;
    var useful = queryWords.filter(function (w) { return w.length >= 3; });
    useful.forEach(function (w) {
      that.summaryOf(w).forEach(function (i) { counted.set(i, (counted.get(i) || 0) + 1); });
    });
    counted.forEach(function (count, i) {
      offer(i, T.summary + 15 * count / useful.length,
            "summary has " + count + "/" + useful.length + " words");
    });
    return counted;
  };

  // ------------------------------------------------------------------ the index page

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function blurb(summary) {
    var text = String(summary || "").split(/\s+/).join(" ").trim();
    if (text.length <= 180) { return text; }
    return text.slice(0, 180).replace(/\s+\S*$/, "").replace(/[,;:]$/, "") + "\u2026";
  }

  function readState() {
    var state = new URLSearchParams(window.location.search);
    var hash = window.location.hash.replace(/^#/, "");
    if (hash.indexOf("=") >= 0) {
      new URLSearchParams(hash).forEach(function (value, name) { state.set(name, value); });
    }
    return state;
  }

  function saveState(filters) {
    var params = new URLSearchParams();
    Object.keys(filters).forEach(function (name) {
      if (filters[name]) { params.set(name, filters[name]); }
    });
    var query = params.toString();
    try {
      window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
    } catch (err) {
      // Some browsers refuse to rewrite a file:// address; the search still works.
    }
  }

  function setupIndexPage(data) {
    var form = document.getElementById("search");
    var input = document.getElementById("q");
    if (!form || !input) { return; }
    var index = new Index(data);
    var F = index.F, records = index.records;
    var selects = {
      kind: document.getElementById("filter-kind"),
      topic: document.getElementById("filter-topic"),
      year: document.getElementById("filter-year")
    };
    var status = document.getElementById("status");
    var results = document.getElementById("results");
    var more = document.getElementById("more");
    var shown = PAGE;
    var timer = null;
    window.GenaiSearch = {
      search: function (query) {
        return index.search(query).map(function (hit) {
          return { id: records[hit.i][F.id], score: hit.score, reason: hit.reason };
        });
      }
    };

    function filters() {
      return { q: input.value, kind: selects.kind.value, topic: selects.topic.value,
               year: selects.year.value };
    }

    function keep(record, f) {
      if (f.kind && record[F.kind] !== f.kind) { return false; }
      if (f.topic && record[F.topics].indexOf(f.topic) < 0) { return false; }
      if (f.year) {
        var year = record[F.year];
        if (f.year === "unknown" ? year !== null : String(year) !== f.year) { return false; }
      }
      return true;
    }

    function render(list, reasons) {
      results.replaceChildren();
      list.slice(0, shown).forEach(function (item) {
        var record = records[item.i];
        var li = element("li");
        li.dataset.id = record[F.id];
        var url = record[F.url];
        var name = INTERNAL.test(url) ? element("a", "", record[F.name]) : element("span", "", record[F.name]);
        if (name.tagName === "A") { name.href = url; }
        li.appendChild(name);
        var facts = [record[F.kind]];
        if (record[F.year] !== null) { facts.push(String(record[F.year])); }
        li.appendChild(document.createTextNode(" "));
        li.appendChild(element("span", "meta", facts.join(" \u00b7 ")));
        if (reasons && item.reason) { li.title = item.reason + " (score " + item.score + ")"; }
        var text = blurb(record[F.summary]);
        if (text) { li.appendChild(element("p", "blurb", text)); }
        results.appendChild(li);
      });
      more.hidden = list.length <= shown;
    }

    function update() {
      var f = filters();
      var list;
      if (compact(f.q)) {
        list = index.search(f.q).filter(function (hit) { return keep(records[hit.i], f); });
        status.textContent = list.length === 0
          ? "No record matches \u201c" + f.q.trim() + "\u201d."
          : list.length + (list.length === 1 ? " match" : " matches") + " for \u201c" + f.q.trim() + "\u201d";
      } else {
        list = index.byName.filter(function (i) { return keep(records[i], f); })
          .map(function (i) { return { i: i }; });
        status.textContent = list.length + (list.length === 1 ? " record" : " records");
      }
      render(list, Boolean(compact(f.q)));
      saveState(f);
    }

    function soon() {
      shown = PAGE;
      if (timer !== null) { window.clearTimeout(timer); }
      timer = window.setTimeout(function () { timer = null; update(); }, 60);
    }

    var state = readState();
    input.value = state.get("q") || "";
    Object.keys(selects).forEach(function (name) {
      var wanted = state.get(name);
      if (wanted && Array.prototype.some.call(selects[name].options, function (o) {
        return o.value === wanted;
      })) {
        selects[name].value = wanted;
      }
      selects[name].addEventListener("change", soon);
    });
    input.addEventListener("input", soon);
    more.addEventListener("click", function () {
      shown += PAGE;
      update();
      var links = results.querySelectorAll("a");
      if (links[shown - PAGE]) { links[shown - PAGE].focus(); }
    });
    form.addEventListener("submit", function (event) {
      // Enter opens the best hit, as a launcher would.
      event.preventDefault();
      if (timer !== null) { window.clearTimeout(timer); timer = null; update(); }
      var top = results.querySelector("a");
      if (top) { window.location.href = top.href; }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var top = results.querySelector("a");
        if (top) { event.preventDefault(); top.focus(); }
      } else if (event.key === "Escape" && input.value) {
        event.preventDefault();
        input.value = "";
        soon();
      }
    });
    results.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      var links = Array.prototype.slice.call(results.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (at < 0) { return; }
      event.preventDefault();
      if (event.key === "ArrowDown" && at + 1 < links.length) { links[at + 1].focus(); }
      if (event.key === "ArrowUp") { (at === 0 ? input : links[at - 1]).focus(); }
    });
    document.body.classList.add("search-ready");
    update();
    // Index the summaries while the reader looks at the page, not on the first keystroke.
    window.setTimeout(function () { index.summaryOf(""); }, 0);
  }

  // ------------------------------------------------------------------ every page

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var active = document.activeElement;
    var tag = active && active.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (active && active.isContentEditable)) {
      return;
    }
    var box = document.getElementById("q") || document.getElementById("quick-q");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  });

  if (window.GENAI_INDEX) { setupIndexPage(window.GENAI_INDEX); }
}());
