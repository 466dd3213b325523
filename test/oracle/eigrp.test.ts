import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/eigrp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("eigrp.json");
