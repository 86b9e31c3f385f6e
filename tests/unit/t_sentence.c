/* t_sentence.c — ct_sentences: table-driven cases (text, markers, the
 * sentences wanted), the edge cases of the contract and a random-bytes
 * run checking the invariants every output must hold. */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"
#include "citectx.h"

#define MAXM 4	/* markers per case */
#define MAXS 6	/* sentences per case */

/* One case.  Markers are given as text: each is found in order (searching
 * on from the end of the previous one) and becomes a protect span. */
struct scase {
	const char *text;
	const char *mark[MAXM];
	const char *want[MAXS];
};

/* Builds the protect spans of c; returns their count (-1 if not found). */
static int find_marks(const struct scase *c, struct ct_span *sp)
{
	const char *from = c->text;
	int n = 0;

	for (; n < MAXM && c->mark[n]; n++) {
		const char *m = strstr(from, c->mark[n]);

		if (!m)
			return -1;
		sp[n].start = (uint32_t)(m - c->text);
		sp[n].end = (uint32_t)(sp[n].start + strlen(c->mark[n]));
		from = c->text + sp[n].end;
	}
	return n;
}

static void run_cases(const struct scase *cs, size_t ncase)
{
	for (size_t i = 0; i < ncase; i++) {
		const struct scase *c = &cs[i];
		struct ct_span sp[MAXM], out[MAXS + 2];
		int np = find_marks(c, sp), want = 0, got;

		while (want < MAXS && c->want[want])
			want++;
		CHECK(np >= 0);
		if (np < 0)
			continue;
		got = ct_sentences(c->text, strlen(c->text), sp, (size_t)np,
				   out, MAXS + 2);
		if (got != want)
			fprintf(stderr, "  case: %s\n", c->text);
		CHECK_EQ_INT(got, want);
		for (int s = 0; s < got && s < want; s++) {
			char buf[512];
			size_t n = out[s].end - out[s].start;

			if (n >= sizeof(buf))
				n = sizeof(buf) - 1;
			memcpy(buf, c->text + out[s].start, n);
			buf[n] = '\0';
			CHECK_EQ_STR(buf, c->want[s]);
		}
	}
}

#define RUN(tab) run_cases(tab, sizeof(tab) / sizeof(tab[0]))

TEST(t_sentence_basic)
{
	static const struct scase cs[] = {
		{"", {0}, {0}},
		{"   ", {0}, {0}},
		{"No terminal punctuation here", {0},
		 {"No terminal punctuation here"}},
		{"  Padded sentence.  ", {0}, {"Padded sentence."}},
		{"One. Two. Three.", {0}, {"One.", "Two.", "Three."}},
		{"Was it safe? Yes! It was.", {0},
		 {"Was it safe?", "Yes!", "It was."}},
		{"He said \"stop.\" Then he left.", {0},
		 {"He said \"stop.\"", "Then he left."}},
		{"He said \u201cstop.\u201d Then he left.", {0},
		 {"He said \u201cstop.\u201d", "Then he left."}},
		{"(This was expected.) The rest followed.", {0},
		 {"(This was expected.)", "The rest followed."}},
		{"The dose was halved. in one case it was not.", {0},
		 {"The dose was halved. in one case it was not."}},
		{"Doses were given.The rest was not.", {0},
		 {"Doses were given.The rest was not."}},
		{"Data were pooled. 12 centres took part.", {0},
		 {"Data were pooled.", "12 centres took part."}},
		{"Levels rose. mRNA levels rose too. p53 did not.", {0},
		 {"Levels rose.", "mRNA levels rose too.", "p53 did not."}},
		{"Why? Because.", {0}, {"Why?", "Because."}},
		{"It worked?! Then we stopped.", {0},
		 {"It worked?!", "Then we stopped."}},
	};
	RUN(cs);
}

TEST(t_sentence_abbrev)
{
	static const struct scase cs[] = {
		{"As shown in Fig. 2 the rate fell. Figs. 3 and 4 agree.", {0},
		 {"As shown in Fig. 2 the rate fell.", "Figs. 3 and 4 agree."}},
		{"Some drugs, e.g. Aspirin, help. Others, i.e. NSAIDs, do not.",
		 {0}, {"Some drugs, e.g. Aspirin, help.",
		       "Others, i.e. NSAIDs, do not."}},
		{"Drug vs. Placebo was compared. See Eq. 3 and Tab. 1.", {0},
		 {"Drug vs. Placebo was compared.", "See Eq. 3 and Tab. 1."}},
		{"Smith et al. (2004) showed this. It held.", {0},
		 {"Smith et al. (2004) showed this.", "It held."}},
		{"Smith et al. Reported it first.", {0},
		 {"Smith et al. Reported it first."}},
		{"This was shown by Smith et al. In contrast, we found none.",
		 {0}, {"This was shown by Smith et al.",
		       "In contrast, we found none."}},
		{"It was noted by J. Smith and A. B. Jones in 2001.", {0},
		 {"It was noted by J. Smith and A. B. Jones in 2001."}},
		{"Levels of vitamin D. Patients with low levels were older.",
		 {0}, {"Levels of vitamin D.",
		       "Patients with low levels were older."}},
		{"Cells were spun for 10 min. The pellet was washed.", {0},
		 {"Cells were spun for 10 min.", "The pellet was washed."}},
		{"Use max. 5 mg per day. Stop after 24 h. Then rest.", {0},
		 {"Use max. 5 mg per day.", "Stop after 24 h.", "Then rest."}},
		{"AEs were 35 in Arm A and 19 in Arm B. Serious AEs were rare.",
		 {0}, {"AEs were 35 in Arm A and 19 in Arm B.",
		       "Serious AEs were rare."}},
		{"Consent was obtained by Anna M. Sawka at each site.", {0},
		 {"Consent was obtained by Anna M. Sawka at each site."}},
		{"Dr. Brown and Prof. Green met at St. Louis.", {0},
		 {"Dr. Brown and Prof. Green met at St. Louis."}},
		{"See p. 12 and pp. 40-45, vol. 3, No. 2 for details.", {0},
		 {"See p. 12 and pp. 40-45, vol. 3, No. 2 for details."}},
		{"Recruitment began in Jan. 2004 and ended in Dec. 2006.", {0},
		 {"Recruitment began in Jan. 2004 and ended in Dec. 2006."}},
		{"Cytokines, chemokines, etc. were measured. Etc. ends here.",
		 {0}, {"Cytokines, chemokines, etc. were measured.",
		       "Etc. ends here."}},
		{"We used IL-6, TNF, etc. The results follow.", {0},
		 {"We used IL-6, TNF, etc.", "The results follow."}},
		{"Samples came from the U.S. Food and Drug Administration.", {0},
		 {"Samples came from the U.S. Food and Drug Administration."}},
		{"Trials were run in the U.S. The UK joined later.", {0},
		 {"Trials were run in the U.S.", "The UK joined later."}},
		{"Reagents were from Sigma Co. (St. Louis, MO) and used as is.",
		 {0}, {"Reagents were from Sigma Co. (St. Louis, MO) and used "
		       "as is."}},
		{"Approx. 40 mg and ca. 20 ml were given, cf. Ref. 8.", {0},
		 {"Approx. 40 mg and ca. 20 ml were given, cf. Ref. 8."}},
		{"Streptococcus spp. Were absent.", {0},
		 {"Streptococcus spp. Were absent."}},
		{"Given 10 mg b.i.d. The dose was then raised.", {0},
		 {"Given 10 mg b.i.d.", "The dose was then raised."}},
	};
	RUN(cs);
}

TEST(t_sentence_numbers)
{
	static const struct scase cs[] = {
		{"The effect was significant (p < 0.05). Next we tested.", {0},
		 {"The effect was significant (p < 0.05).", "Next we tested."}},
		{"Mortality fell (P = .03). Morbidity did not.", {0},
		 {"Mortality fell (P = .03).", "Morbidity did not."}},
		{"A dose of 1.5 mg was given. OR 2.1 (95% CI 1.2-3.4).", {0},
		 {"A dose of 1.5 mg was given.", "OR 2.1 (95% CI 1.2-3.4)."}},
		{"We used v2.1 of the software. It ran.", {0},
		 {"We used v2.1 of the software.", "It ran."}},
		{"The rate was 0.5. 0.7 was expected.", {0},
		 {"The rate was 0.5.", "0.7 was expected."}},
		{"Counts were high... The cause is unknown.", {0},
		 {"Counts were high...", "The cause is unknown."}},
		{"Counts were\u2026 The cause is unknown.", {0},
		 {"Counts were\u2026", "The cause is unknown."}},
		{"He wrote \"we saw [...] Many cases\" in 2001.", {0},
		 {"He wrote \"we saw [...] Many cases\" in 2001."}},
		{"It rose ... and then fell.", {0},
		 {"It rose ... and then fell."}},
	};
	RUN(cs);
}

TEST(t_sentence_markers)
{
	static const struct scase cs[] = {
		{"This causes disease. [4] Next we test it.", {"[4]"},
		 {"This causes disease. [4]", "Next we test it."}},
		{"This causes disease.4 Next we test it.", {"4"},
		 {"This causes disease.4", "Next we test it."}},
		{"This causes disease.[4,5] Next we test it.", {"[4,5]"},
		 {"This causes disease.[4,5]", "Next we test it."}},
		{"As shown [4]. Next we test it.", {"[4]"},
		 {"As shown [4].", "Next we test it."}},
		{"It was reported (Smith et al., 2001.) Later it was not.",
		 {"(Smith et al., 2001.)"},
		 {"It was reported (Smith et al., 2001.) Later it was not."}},
		{"Known before. [1-3], [7] Then confirmed.", {"[1-3]", "[7]"},
		 {"Known before. [1-3], [7]", "Then confirmed."}},
		{"Known before.4 , 5 Then confirmed.", {"4", "5"},
		 {"Known before.4 , 5", "Then confirmed."}},
		{"Smith et al. [12] showed it. It held.", {"[12]"},
		 {"Smith et al. [12] showed it.", "It held."}},
		{"Smith et al.12 showed it. It held.", {"12"},
		 {"Smith et al.12 showed it.", "It held."}},
		{"See the review [Lee. Ann. 2001. Vol. 3] for more. It helps.",
		 {"[Lee. Ann. 2001. Vol. 3]"},
		 {"See the review [Lee. Ann. 2001. Vol. 3] for more.",
		  "It helps."}},
		{"A trial (Smith et al., 2001) was negative. Another was not.",
		 {"(Smith et al., 2001)"},
		 {"A trial (Smith et al., 2001) was negative.",
		  "Another was not."}},
		{"Rates fell.[3] and rose again.", {"[3]"},
		 {"Rates fell.[3] and rose again."}},
	};
	RUN(cs);
}

TEST(t_sentence_parens)
{
	static const struct scase cs[] = {
		{"Several agents (e.g. Metformin) were used. All were oral.",
		 {0}, {"Several agents (e.g. Metformin) were used.",
		       "All were oral."}},
		{"Both arms (i.e. Drug and placebo) were blinded. It worked.",
		 {0}, {"Both arms (i.e. Drug and placebo) were blinded.",
		       "It worked."}},
		{"Few were lost (n = 5. Two moved away) during follow-up.", {0},
		 {"Few were lost (n = 5. Two moved away) during follow-up."}},
		{"An unclosed (bracket here. The next sentence is separate.",
		 {0}, {"An unclosed (bracket here.",
		       "The next sentence is separate."}},
		{"Two reasons: 1. Cost; 2. Access. Both matter.", {0},
		 {"Two reasons: 1. Cost; 2. Access.", "Both matter."}},
		{"3. Drains were removed early. 4. Exercise was allowed.", {0},
		 {"3. Drains were removed early.", "4. Exercise was allowed."}},
		{"Pain was the main factor. (Lee et al.) [37] . Next.", {"[37]"},
		 {"Pain was the main factor. (Lee et al.) [37] .", "Next."}},
		{"Symptoms improved. [7] . Then they relapsed.", {"[7]"},
		 {"Symptoms improved. [7] .", "Then they relapsed."}},
		{"1) Screen. 2) Treat. We did both.", {0},
		 {"1) Screen.", "2) Treat.", "We did both."}},
	};
	RUN(cs);
}

TEST(t_sentence_clinical)
{
	static const struct scase cs[] = {
		{"A total of 212 patients were randomized to metformin or "
		 "placebo. The primary end point was HbA1c at 24 wk. "
		 "Adverse events occurred in 14.2% vs. 9.8% of patients "
		 "(P = .21).", {0},
		 {"A total of 212 patients were randomized to metformin or "
		  "placebo.", "The primary end point was HbA1c at 24 wk.",
		  "Adverse events occurred in 14.2% vs. 9.8% of patients "
		  "(P = .21)."}},
		{"Previous trials of corticosteroids in sepsis were "
		 "inconclusive [ 3, 4] . However, a meta-analysis suggested "
		 "benefit at low doses [ 5] .", {"[ 3, 4]", "[ 5]"},
		 {"Previous trials of corticosteroids in sepsis were "
		  "inconclusive [ 3, 4] .", "However, a meta-analysis "
		  "suggested benefit at low doses [ 5] ."}},
		{"Hypertension was defined as systolic pressure \u2265140 mm Hg. "
		 "\u03b2-Blockers were withheld for 48 h. Patients fasted "
		 "overnight.", {0},
		 {"Hypertension was defined as systolic pressure \u2265140 "
		  "mm Hg.", "\u03b2-Blockers were withheld for 48 h.",
		  "Patients fasted overnight."}},
		{"Insulin was infused at approx. 0.1 U/kg/h (Novo Nordisk "
		 "Inc., Denmark). Glucose was checked q.i.d. By day 3, most "
		 "had normal values.", {0},
		 {"Insulin was infused at approx. 0.1 U/kg/h (Novo Nordisk "
		  "Inc., Denmark).", "Glucose was checked q.i.d.",
		  "By day 3, most had normal values."}},
		{"Infection with hepatitis B. In this cohort, 40 had HBV DNA "
		 "above 2000 IU/ml.", {0},
		 {"Infection with hepatitis B.", "In this cohort, 40 had HBV "
		  "DNA above 2000 IU/ml."}},
		{"Kaplan-Meier curves were compared (log-rank test). Cox "
		 "models were adjusted for age, sex, etc. Analyses used R "
		 "v3.2.1.", {0},
		 {"Kaplan-Meier curves were compared (log-rank test).",
		  "Cox models were adjusted for age, sex, etc.",
		  "Analyses used R v3.2.1."}},
	};
	RUN(cs);
}

/* CT_ELIMIT when out is too small; exactly max sentences is fine. */
TEST(t_sentence_limit)
{
	const char *t = "One. Two. Three.";
	struct ct_span out[3];

	CHECK_EQ_INT(ct_sentences(t, strlen(t), NULL, 0, out, 3), 3);
	CHECK_EQ_INT(ct_sentences(t, strlen(t), NULL, 0, out, 2), CT_ELIMIT);
	CHECK_EQ_INT(ct_sentences(t, strlen(t), NULL, 0, NULL, 0), CT_ELIMIT);
	CHECK_EQ_INT(ct_sentences(NULL, 0, NULL, 0, NULL, 0), 0);
	CHECK_EQ_INT(ct_sentences(t, 0, NULL, 0, out, 3), 0);
	/* len cuts the text: only "One. Two" is seen */
	CHECK_EQ_INT(ct_sentences(t, 8, NULL, 0, out, 3), 2);
	CHECK_EQ_INT(out[1].end, 8);
}

/* Bad protect spans (empty, reversed, past the end) are ignored or
 * clamped; NUL bytes and invalid UTF-8 are ordinary bytes. */
TEST(t_sentence_odd_input)
{
	static const char t[] = "A\0b. C\xff\xfe. \xe2\x80 D. E\xe2";
	struct ct_span pr[] = {{5, 3}, {4, 4}, {30, 90}, {22, 1000}};
	struct ct_span out[8];
	int n;

	n = ct_sentences(t, sizeof(t) - 1, pr, 4, out, 8);
	CHECK(n >= 1);
	for (int i = 0; i < n; i++)
		CHECK(out[i].start < out[i].end && out[i].end <= sizeof(t) - 1);
	n = ct_sentences("Ends.\xe2\x80", 7, NULL, 0, out, 8);
	CHECK_EQ_INT(n, 1);
	n = ct_sentences("Ends. X", 7, (const struct ct_span[]){{6, 7}}, 1,
			 out, 8);
	CHECK_EQ_INT(n, 1);
	CHECK_EQ_INT(out[0].end, 7);
}

/* Whether t[s..e) is all whitespace (a marker ending in a space may be
 * cut there by trimming). */
static int only_space(const char *t, size_t s, size_t e)
{
	for (; s < e; s++)
		if (t[s] != ' ' && (unsigned char)t[s] != 0xa0 &&
		    (unsigned char)t[s] != 0xc2)
			return 0;
	return 1;
}

/* Random bytes from a small alphabet: spans must be ordered, inside the
 * text, non-empty, trimmed, and never cut a protect span. */
static void check_invariants(const char *t, size_t len,
			     const struct ct_span *pr, size_t np,
			     const struct ct_span *out, int n)
{
	for (int i = 0; i < n; i++) {
		CHECK(out[i].start < out[i].end && out[i].end <= len);
		CHECK(t[out[i].start] != ' ' && t[out[i].end - 1] != ' ');
		if (i)
			CHECK(out[i - 1].end <= out[i].start);
		for (size_t p = 0; p < np; p++)
			if (pr[p].start < out[i].end && out[i].end < pr[p].end)
				CHECK(only_space(t, out[i].end, pr[p].end));
	}
}

TEST(t_sentence_random)
{
	static const char alpha[] = "aA. ?!)(\"[]1e.gFi\xe2\x80\xa6\x9d\xc2\xa0";
	char t[256];
	struct ct_span pr[16], out[256];
	unsigned seed = 12345;

	for (int round = 0; round < 20000; round++) {
		size_t len = 0, np = 0;

		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % sizeof(t);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			t[i] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
		}
		for (size_t p = 0; len && p < len && np < 16; np++) {
			seed = seed * 1103515245u + 12345u;
			p += 1 + (seed >> 16) % 20;
			if (p >= len)
				break;
			pr[np].start = (uint32_t)p;
			p += 1 + (seed >> 20) % 4;
			pr[np].end = (uint32_t)(p < len ? p : len);
		}
		int n = ct_sentences(t, len, pr, np, out, 256);
		CHECK(n >= 0);
		if (n > 0)
			check_invariants(t, len, pr, np, out, n);
		if (t_failed_checks)
			break;
	}
}
