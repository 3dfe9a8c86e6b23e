package report

// Method is a short note on one method the page's numbers rest on.
type Method struct {
	Name, Note, Cite string
}

// Methods returns the notes every page carries: the model, then the
// attacks in the order they appear in the tables, the defences, and how
// intervals are made.
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
		{"Holdings",
			"What each adversary holds on its query day: records, accounts, and the " +
				"accounts it knows by a real name, after each holder's policy (retention, " +
				"pseudonyms, coarsening) has acted. Under decentralized presence tracing " +
				"the server keeps no visits; it only publishes the venue-hours of notified " +
				"cases, which is all a server-side adversary sees.",
			"Lueks et al. (2021)"},
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
		{"Linkage of imported records",
			"Real check-ins or stays have no second data set to link, so each " +
				"person's history is split in time: the earlier 70% stands for what an " +
				"adversary knows of named people, and the later part is linked back to " +
				"its owner by how likely its venues are under each known profile, rare " +
				"venues weighing most. A baseline links by the most frequent venue alone.",
			"Gao et al. (2017)"},
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
		{"Companions",
			"Two accounts are taken for companions when their records put them at " +
				"the same leisure venue within minutes of each other on several " +
				"different days and at more than one venue (by default 3 days, 2 " +
				"venues, 10 minutes); records in a crowd pair with nobody. Precision " +
				"is the share of predicted pairs who truly share a household or a " +
				"friend group, recall the share of such pairs found.", ""},
		{"Background-knowledge risk",
			"An attacker who knows k places a person went to counts the people whose " +
				"records hold them all; the person's risk is one over that count.",
			"Pellungrini, Pappalardo, Pratesi and Monreale (2018)"},
		{"Trajectory recovery",
			"When a holder releases only counts of people per venue and hour, with " +
				"Laplace noise, the adversary rebuilds trajectories by linking the " +
				"people counted at one venue to nearby venues in the next hour, cheapest " +
				"move first. Link accuracy is the share of links that follow one person; " +
				"links drawn at random give the baseline it must beat.",
			"Xu et al. (2017)"},
		{"Mitigations",
			"People may pay cash, skip scans, write visits down by hand, make dummy " +
				"scans of places they did not visit (as dummy queries hide real ones, " +
				"Kido et al., 2005), spoof their position, share one account in a " +
				"household, or scan late. Holders may delete records after a retention " +
				"limit, store pseudonyms, coarsen place and time, be kept apart (silos), " +
				"leave visits on the phones (Lueks et al., 2021), release noisy counts " +
				"instead of records (Xu et al., 2017, show what such counts still give " +
				"away), blur positions with planar Laplace noise (Andrés et al., 2013) " +
				"or store the smallest area holding k people (Gruteser and Grunwald, " +
				"2003). Key findings list those in force; scantrail mitigations lists " +
				"every one with its scenario keys.",
			"Andrés, Bordenabe, Chatzikokolakis and Palamidessi (2013); Gruteser and " +
				"Grunwald (2003); Lueks et al. (2021); Xu et al. (2017); Kido, " +
				"Yanagisawa and Satoh (2005)"},
		{"Intervals",
			"Each number is a mean over replicates (the same scenario with seeds " +
				"seed, seed+1, ...) with a 95% Student t interval, cut to the range " +
				"the measure can take. With one replicate there is no interval.",
			"Student (1908)"},
	}
}
