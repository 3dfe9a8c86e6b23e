package report

// Method is a short note on one method the page's numbers rest on.
type Method struct {
	Name, Note, Cite string
}

// Methods returns the notes every page carries, in the order the attacks
// appear in the tables.
func Methods() []Method {
	return []Method{
		{"The simulated city",
			"People live in households, go to work or school, run errands and go out. " +
				"Leisure places follow the exploration and preferential return model: " +
				"now and then a person tries a new place, otherwise they go back to one " +
				"they know, in proportion to how often they went before. Each record a " +
				"sensor makes (a QR scan, a phone payment, a camera match, a transit tap) " +
				"goes to the data holders the scenario names, under the identifier it " +
				"names.",
			"Song, Koren, Wang and Barabási (2010)"},
		{"Unicity",
			"For a sample of people, p points (place and time, at the stated " +
				"resolution) are drawn at random from each person's records; ε_p is " +
				"the share of them whom no one else's records match on all p points. " +
				"A high ε_p at small p means a few facts about a person single them out.",
			"de Montjoye, Hidalgo, Verleysen and Blondel (2013)"},
		{"Linkage",
			"A pseudonymous account is matched to a named one by the places and " +
				"times they share, rare co-occurrences counting more than common ones, " +
				"then the pairs are chosen one to one. Top-1 is the share of " +
				"pseudonymous accounts matched to their true owner.",
			"Riederer, Kim, Chaintreau, Korula and Lattanzi (2016)"},
		{"Home and work",
			"The adversary guesses home as the venue seen most often between 17:00 " +
				"and 07:00, and work as the other venue seen most often on weekday " +
				"daytimes; the anonymity set of a (home, work) pair is the number of " +
				"people who share it.",
			"Golle and Partridge (2009)"},
		{"Tracking",
			"For named people and random moments, the adversary answers where the " +
				"person was with the venue of their latest record in the three hours " +
				"before; the answer is right when the person was at that venue then.", ""},
		{"Background-knowledge risk",
			"An attacker who knows k places a person went to counts the people whose " +
				"records hold them all; the person's risk is one over that count.",
			"Pellungrini, Pappalardo, Pratesi and Monreale (2018)"},
		{"Intervals",
			"Each number is a mean over replicates (the same scenario with seeds " +
				"seed, seed+1, ...) with a 95% Student t interval, cut to the range " +
				"the measure can take. With one replicate there is no interval.",
			"Student (1908)"},
	}
}
