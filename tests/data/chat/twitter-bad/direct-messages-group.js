var tweets = []
