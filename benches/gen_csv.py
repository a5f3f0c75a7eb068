#!/usr/bin/env python3
"""Generates a large one-file CSV export (French formatting) for the batch benches.

Usage: python3 benches/gen_csv.py N_INVOICES OUT.csv [--seed S]

The export matches fixtures/csv/mapping-fr.toml: `;` delimiter, decimal comma,
thousands separated by a space, dd/mm/yyyy dates, 1 to 5 lines per invoice,
a quoted two-line description on some lines, and the control totals (line
net amount, total TTC) computed exactly as EN 16931 rounds them.
"""

import argparse
import random
from decimal import Decimal, ROUND_FLOOR

HEADER = ("N° facture;Type;Date facture;Échéance;Code service;Bon de commande;Client;"
          "SIRET client;TVA client;Adresse;Code postal;Ville;Pays;Désignation;Description;"
          "Quantité;Unité;Prix unitaire HT;Taux TVA;Montant HT;Total TTC")

CLIENTS = ["Boulangerie Lefèvre", "Mairie de Villeurbanne", "Garage Müller & Fils",
           "Café de l'Opéra", "Société Générale d'Équipement", "Hôtel Bellevue"]
ITEMS = [("Four à pain", "C62", Decimal("1250.00")), ("Installation", "HUR", Decimal("50.00")),
         ("Formation sécurité", "DAY", Decimal("450.00")), ("Livret stagiaire", "C62", Decimal("2.50")),
         ("Farine T65 (sac 25 kg)", "C62", Decimal("18.75")), ("Maintenance", "HUR", Decimal("65.00"))]
RATES = [Decimal("20"), Decimal("20"), Decimal("10"), Decimal("5.5")]


def round2(x: Decimal) -> Decimal:
    # Half toward positive infinity, as the EN 16931 schematron rounds.
    return ((x * 100) + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR) / 100


def fr(x: Decimal) -> str:
    s = f"{x:,.2f}"
    return s.replace(",", " ").replace(".", ",")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\r\n")
        for i in range(1, a.n + 1):
            number = f"F2026-{i:07d}"
            day = 1 + i % 28
            client = rnd.choice(CLIENTS)
            siret = f"{rnd.randrange(10**13, 10**14)}"
            lines = []
            for _ in range(rnd.randint(1, 5)):
                name, unit, price = rnd.choice(ITEMS)
                qty = Decimal(rnd.randint(1, 20))
                rate = rnd.choice(RATES)
                lines.append((name, unit, price, qty, rate))
            groups = {}
            for name, unit, price, qty, rate in lines:
                groups[rate] = groups.get(rate, Decimal(0)) + round2(qty * price)
            basis = sum(groups.values())
            tax = sum(round2(v * r / 100) for r, v in groups.items())
            ttc = round2(basis + tax)
            for name, unit, price, qty, rate in lines:
                desc = '"Livraison incluse\nGarantie 2 ans"' if rnd.random() < 0.1 else ""
                f.write(";".join([
                    number, "380", f"{day:02d}/11/2026", f"{day:02d}/12/2026", "", f"PO-{i}",
                    client, siret, "", "4 place du Marché", "69002", "Lyon", "FR", name, desc,
                    str(qty), unit, fr(price), str(rate).replace(".", ","), fr(round2(qty * price)), fr(ttc),
                ]) + "\r\n")


if __name__ == "__main__":
    main()
