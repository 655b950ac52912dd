"""Baselines for bench/predict: the same sentences through scikit-learn
(TF-IDF + LinearSVC) or fastText's predict-prob. Trains on the quotes of
the labelled articles (label: the quote's first target), then prints
sentences per second of prediction alone, model load included for fastText
since its command line loads it every run."""
import json
import os
import subprocess
import sys
import tempfile
import time


def labelled(path):
    for line in open(path, encoding="utf-8"):
        art = json.loads(line)
        for q in art["quotes"]:
            if q["targets"]:
                yield q["quote"].replace("\n", " "), next(iter(q["targets"].values()))


def main():
    tool, train, sentences = sys.argv[1:4]
    data = list(labelled(train))
    lines = [l.rstrip("\n") for l in open(sentences, encoding="utf-8")]
    if tool == "sklearn":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline
        from sklearn.svm import LinearSVC
        model = make_pipeline(TfidfVectorizer(ngram_range=(1, 3)), LinearSVC())
        model.fit([t for t, _ in data], [l for _, l in data])
        t0 = time.perf_counter()
        model.predict(lines)
        print("%.1f" % (len(lines) / (time.perf_counter() - t0)))
    else:
        d = tempfile.mkdtemp()
        with open(os.path.join(d, "train.txt"), "w", encoding="utf-8") as f:
            for t, l in data:
                f.write("__label__%s %s\n" % (l, t))
        subprocess.run(["fasttext", "supervised", "-input", os.path.join(d, "train.txt"),
                        "-output", os.path.join(d, "m"), "-wordNgrams", "2", "-verbose", "0"],
                       check=True)
        t0 = time.perf_counter()
        subprocess.run(["fasttext", "predict-prob", os.path.join(d, "m.bin"), sentences, "3"],
                       check=True, stdout=subprocess.DEVNULL)
        print("%.1f" % (len(lines) / (time.perf_counter() - t0)))


main()
