import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/ipsec.json (scripts/oracle/make_vectors.py writes it);
// SecurityAssociation's own vectors (ipsec-sa.json) are checked by test/layers/ipsec.test.ts.
vectorTests("ipsec.json");
