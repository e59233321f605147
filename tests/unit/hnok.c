/* Host name syntax checked before DNS, as glibc's res_hnok. */
#include "core.h"
#include "tap.h"

int main(void)
{
	static const struct { const char *name; int ok; } cases[] = {
		{ "www.example.test", 1 }, { "a_b.test", 1 }, { "a-.test", 1 },
		{ "a.-b.test", 1 }, { "a\\098.test", 1 }, { "www.example.test.", 1 },
		{ ".", 1 }, { "-ab.test", 0 }, { "a\\.b.test", 0 }, { "*.test", 0 },
		{ "a+b.test", 0 }, { ".test", 0 }, { "x..y", 0 }, { "a b", 0 },
		{ "fe80::1%lo", 0 }, { "a\\", 0 }, { "a\\25", 0 }, { "a\\256", 0 },
		{ "caf\xc3\xa9.test", 0 },
	};
	char long_label[80], long_name[300];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(name_ok(cases[i].name), cases[i].ok, "name_ok(\"%s\")", cases[i].name);
	memset(long_label, 'a', 63);
	long_label[63] = 0;
	is_int(name_ok(long_label), 1, "63-byte label");
	long_label[63] = 'a';
	long_label[64] = 0;
	is_int(name_ok(long_label), 0, "64-byte label");
	/* 4 labels of 63 plus dots: 4*64 + 1 = 257 wire bytes */
	snprintf(long_name, sizeof long_name, "%.63s.%.63s.%.63s.%.61s", long_label,
	         long_label, long_label, long_label);
	is_int(name_ok(long_name), 1, "253-character name (255 wire bytes)");
	snprintf(long_name, sizeof long_name, "%.63s.%.63s.%.63s.%.62s", long_label,
	         long_label, long_label, long_label);
	is_int(name_ok(long_name), 0, "254-character name is too long");
	return done_testing();
}
