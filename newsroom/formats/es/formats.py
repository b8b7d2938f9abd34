# Spanish dates read "12 de enero de 2021". Django's Spanish format says the same; it is stated here
# so that both languages' dates are defined in one place and a Django change cannot alter them.
DATE_FORMAT = r"j \d\e F \d\e Y"
