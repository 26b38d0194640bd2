"""What a labelling session says: its keys, and the labelling guide in short form
(the full guide is ``../shared/LABELING.md``)."""

from __future__ import annotations

# Key -> the label it gives.
LABEL_KEYS = {"f": "filler", "n": "news", "u": "unsure", "t": "not-teaser"}
# Key -> the action it takes; the left arrow and Backspace go back too.
ACTION_KEYS = {"b": "back", "s": "skip", "q": "quit", "?": "guide"}
OTHER_KEYS = {"\x1b[D": "back", "\x1bOD": "back", "\x7f": "back", "\x08": "back"}

# What the screen lists under each teaser, in this order.
KEY_HINTS = (
    "f filler",
    "n news",
    "u unsure",
    "t not a teaser",
    "b back",
    "s skip",
    "q quit",
    "? guide",
)
KEY_LINE = "   ".join(KEY_HINTS)

GUIDE = """\
Labelling guide, in short (in full: ../shared/LABELING.md)

A teaser is what a page shows to pull a reader to another page: a headline,
often a snippet under it. Label the text of the teaser, never the site it came
from, and read headline and snippet together.

f  filler  The teaser exists to get the click, not to inform:
   - curiosity gap: the key fact is held back ("ce légume", "what happened
     next");
   - addressing the reader: "vous", "votre corps", "you", "your";
   - evergreen lifestyle: health scares, miracle foods, diets, recipes, home
     hacks, pets, beauty, horoscopes, quizzes, "what became of" celebrities;
   - vague authority ("un médecin de Harvard"), listicles, hyperbole;
   - products, loans, games, shopping deals, sponsored or native ads.
n  news  The teaser reports a specific event or fact that can be checked:
   named people, institutions, companies or places, a date, figures, a source
   ("selon l'Insee"). Sports results, a court ruling, a named company's
   decision are news, even on health or food; so is service journalism about
   a named rule, product, date or place, even when it says "vous".
u  unsure  Two careful people would disagree: an abstract essay title, a paid
   slot whose text is a plain news headline, a headline whose key fact is cut
   off. Left out of training.
t  not a teaser  Section or topic words, author and programme pages, tools and
   services, widget furniture ("Sponsored Links by"), photo captions, fragments
   too short to tell the topic. Left out of training.

Rules that settle the common cases:
- a snippet that names the actor or gives the fact makes a curiosity-gap
  headline news;
- a withheld identity or fact is filler when it is the draw ("Tennis star
  wins...");
- celebrities: a dated, checkable event is news; looks, posts, feuds, "fans
  react" are filler;
- recipes, horoscopes and quizzes (news quizzes too) are filler.

b goes back to the teaser before (its label is taken back), s skips a teaser
(it is asked again next time), q quits. Every label is saved when given."""
