"""Language resources the rules judge with, in one place: English word lists and
frequencies (`lexicon`), pinyin (`pinyin`), numerals in Chinese and English
(`numbers`), names and capitalisation (`names`), and spelling (`spelling`). The
data they derive from ships inside installed packages (wordfreq, pypinyin,
english-words) or in ``data/``; nothing is downloaded.
"""
