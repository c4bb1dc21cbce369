/* Money in öre (see money.h): rounding, scaling by a fraction, Swedish formatting and
 * parsing of what users type. The cost-sharing between the parties is computed with
 * money_muldiv, so its rounding must be exact and overflow must be reported, never wrap. */
#include "domain/money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* __int128 is a GCC/Clang extension; __extension__ keeps -Wpedantic quiet about it. */
__extension__ typedef __int128 i128;

/* Largest whole-krona amount whose öre value (plus up to 99 öre) still fits in ore_t. */
#define KR_MAX ((INT64_MAX - 99) / 100)

ore_t money_round_kr(ore_t amount)
{
	/* C division truncates toward zero, so the remainder has the sign of amount.
	 * INT64_MAX ends in ...07 and INT64_MIN in ...08, so rounding can never overflow. */
	ore_t q = amount / 100, r = amount % 100;

	if (r >= 50)
		q++;
	else if (r <= -50)
		q--;
	return q * 100;
}

int money_muldiv(ore_t amount, int64_t num, int64_t den, ore_t *out)
{
	i128 p, q, r;

	if (den <= 0 || out == NULL)
		return NRS_EINVAL;
	/* |amount * num| <= 2^126, which fits; only the quotient can leave int64 range. */
	p = (i128)amount * num;
	q = p / den;
	r = p % den;
	if (r < 0)
		r = -r;
	if (2 * r >= den)
		q += p < 0 ? -1 : 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return NRS_EINVAL;
	*out = (ore_t)q;
	return 0;
}

/* Write the decimal digits of v with a separator between groups of three into buf (which
 * must hold at least 40 bytes). Returns the length written. */
static size_t group_digits(uint64_t v, int nbsp, char *buf)
{
	char rev[40];
	size_t n = 0, len = 0;
	int in_group = 0;

	/* Build the text backwards (least significant first), then reverse it; the separator is
	 * stored reversed too so that the final reversal restores the UTF-8 byte order. */
	do {
		if (in_group == 3) {
			if (nbsp) {
				rev[n++] = '\xa0';
				rev[n++] = '\xc2';
			} else {
				rev[n++] = ' ';
			}
			in_group = 0;
		}
		rev[n++] = (char)('0' + v % 10);
		v /= 10;
		in_group++;
	} while (v != 0);
	while (n > 0)
		buf[len++] = rev[--n];
	buf[len] = '\0';
	return len;
}

static uint64_t magnitude(ore_t v)
{
	/* Negating in unsigned arithmetic is defined even for INT64_MIN. */
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

void money_format_kr(ore_t amount, int nbsp, char *out, size_t outsz)
{
	char kr[40];
	ore_t rounded = money_round_kr(amount);

	if (out == NULL || outsz == 0)
		return;
	group_digits(magnitude(rounded) / 100, nbsp, kr);
	snprintf(out, outsz, "%s%s kr", rounded < 0 ? "-" : "", kr);
}

void money_format(ore_t amount, int nbsp, char *out, size_t outsz)
{
	char kr[40];
	uint64_t m = magnitude(amount);

	if (out == NULL || outsz == 0)
		return;
	group_digits(m / 100, nbsp, kr);
	snprintf(out, outsz, "%s%s,%02u kr", amount < 0 ? "-" : "", kr, (unsigned)(m % 100));
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Length of a group separator at p: an ASCII space or U+00A0 (which spreadsheets and our
 * own money_format produce), else 0. */
static size_t sep_len(const char *p)
{
	if (p[0] == ' ')
		return 1;
	if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0)
		return 2;
	return 0;
}

int money_parse(const char *s, const char *field, ore_t *out, struct nrs_error *err)
{
	const char *name = field != NULL && field[0] != '\0' ? field : "Beloppet";
	const char *p, *end;
	bool neg = false;
	int64_t kr = 0, ore = 0;
	int group_len = 0;    /* digits in the current group */
	bool grouped = false; /* a separator has been seen */
	int ndec = 0;

	if (s == NULL || out == NULL)
		return nrs_error_set(err, NRS_EINVAL, field, "%s saknas", name);

	/* Trim blanks at both ends, then an optional "kr" and the blanks before it. */
	p = s;
	end = s + strlen(s);
	while (p < end && (is_space(*p) || sep_len(p) == 2))
		p += is_space(*p) ? 1 : 2;
	while (end > p && (is_space(end[-1]) || (end - p >= 2 && sep_len(end - 2) == 2)))
		end -= is_space(end[-1]) ? 1 : 2;
	if (end - p >= 2 && (end[-2] == 'k' || end[-2] == 'K') &&
	    (end[-1] == 'r' || end[-1] == 'R')) {
		end -= 2;
		while (end > p && (is_space(end[-1]) || (end - p >= 2 && sep_len(end - 2) == 2)))
			end -= is_space(end[-1]) ? 1 : 2;
	}
	if (p == end)
		return nrs_error_set(err, NRS_EINVAL, field, "%s saknas", name);

	if (*p == '-') {
		neg = true;
		p++;
	}
	if (p == end || *p < '0' || *p > '9')
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "%s måste vara ett belopp i kronor, t.ex. 1 234,50", name);

	/* Whole kronor, optionally in groups of three separated by a space. A separator
	 * followed by neither a digit nor another separator ends the number, so "1 234 x" is
	 * reported as junk while "1  234" is reported as a misplaced space. */
	while (p < end) {
		size_t sl = sep_len(p);

		if (*p >= '0' && *p <= '9') {
			if (kr > KR_MAX / 10 || (kr == KR_MAX / 10 && *p - '0' > KR_MAX % 10))
				return nrs_error_set(err, NRS_EINVAL, field, "%s är för stort",
				                     name);
			kr = kr * 10 + (*p - '0');
			group_len++;
			if (grouped && group_len > 3)
				goto bad_group;
			p++;
		} else if (sl > 0 && p + sl < end &&
		           ((p[sl] >= '0' && p[sl] <= '9') || sep_len(p + sl) > 0)) {
			/* Before the first separator 1–3 digits; between separators exactly 3. */
			if (group_len == 0 || group_len > 3 || (grouped && group_len != 3))
				goto bad_group;
			grouped = true;
			group_len = 0;
			p += sl;
		} else {
			break;
		}
	}
	if (grouped && group_len != 3)
		goto bad_group;

	if (p < end && (*p == ',' || *p == '.')) {
		p++;
		while (p < end && *p >= '0' && *p <= '9') {
			ndec++;
			if (ndec > 2)
				return nrs_error_set(err, NRS_EINVAL, field,
				                     "%s får ha högst två decimaler (ören)", name);
			ore = ore * 10 + (*p - '0');
			p++;
		}
		if (ndec == 0)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "%s: siffror saknas efter decimaltecknet", name);
		if (ndec == 1)
			ore *= 10;
	}
	if (p != end)
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "%s innehåller otillåtna tecken; skriv t.ex. 1 234,50", name);

	/* kr <= KR_MAX, so kr * 100 + 99 fits, and so does its negation. */
	*out = neg ? -(kr * 100 + ore) : kr * 100 + ore;
	return 0;

bad_group:
	return nrs_error_set(err, NRS_EINVAL, field,
	                     "%s har mellanslag på fel ställe; skriv t.ex. 4 744 767", name);
}
