/**
 * An offline list of the passwords that lead every breach corpus and cracking dictionary (the
 * first few hundred by frequency, in the variants people type), plus words anyone would guess
 * here. It is deliberately small and shipped in the code: no network call at password-setting
 * time, and the online guesser is already held to a few tries by the throttle, so what matters is
 * refusing the handful of passwords those tries would start with. Compared after lower-casing and
 * stripping digits and symbols from the ends ("Password123!" is "password").
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
123456 123456789 12345678 12345 1234567 1234567890 111111 000000 123123 654321 666666 121212 112233
password passw0rd p4ssword pass passwort motdepasse contrasena wachtwoord salasana haslo parola senha
qwerty qwertz azerty qwertyuiop asdfgh asdfghjkl zxcvbn zxcvbnm 1q2w3e4r 1qaz2wsx qazwsx qwe123
abc123 abcdef abcdefg abcd1234 a1b2c3 aa123456 iloveyou letmein welcome welcome1 hello hello123
admin administrator root toor guest user login test test123 tester default changeme secret
master dragon monkey football baseball soccer hockey basketball superman batman starwars pokemon
shadow sunshine princess charlie michael jennifer jessica ashley daniel thomas andrew robert jordan
freedom whatever trustno1 mustang access flower lovely loveme killer ninja hunter buster tigger
computer internet samsung apple google facebook linkedin twitter microsoft windows linux
summer winter spring autumn january february march april may june july august september october
november december monday friday weekend holiday sommer herbst fruehling
berlin hamburg muenchen munich london paris europe germany deutschland
portier portieradmin frontdesk reception empfang nuki smartlock doorlock keypad building office
schluessel schlussel tuer haustuer zugang access123 opendoor opensesame sesam
changeit temp temp123 temporary newpassword mypassword yourpassword nopassword blank none null
zaq12wsx q1w2e3r4 q1w2e3r4t5 1q2w3e 123qwe qwe12345 asd123 zxc123 789456 147258 159753 987654321
password1 password12 password123 qwerty123 admin123 welcome123 letmein123 iloveyou1 abc12345
`
    .split(/\s+/)
    .filter(Boolean),
);
