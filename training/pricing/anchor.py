#!/usr/bin/env python3
"""LightGBM pricing anchor for the AutoScout24 market file (issue #10).

Reproduces the cross-validated reference numbers the TypeScript trainer is compared with:
  * cleaning rules (counted), BMW/Mercedes engine codes -> series, split makes re-joined;
  * "row" model  : GBM on log price, numeric features + out-of-fold encodings of make and car model
                   (no categorical splits, so a histogram GBM without categorical support can do the same);
  * "make" model : GBM on log price without any car-model feature, used for car models absent from training;
  * 80% intervals: cross-conformal quantiles of log residuals per predicted-price band (5 bands).

Usage (python >= 3.10, pip install lightgbm scikit-learn pandas):
  python anchor.py --data ../../shared/data/market/autoscout24-de.csv                 # both protocols
  python anchor.py --data FILE --protocol rows --folds folds.csv   # folds.csv: one fold id per cleaned row, in file order
  python anchor.py --data FILE --fit-time                           # one full fit of both models, 1 thread
Protocols: rows = seeded KFold(5) over rows (seen car models); models = GroupKFold(5) by canonical make|model
(car models unseen, make known). Deterministic: seed 42, num_threads=1, deterministic=True.
"""
import argparse
import re
import sys
import time

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.model_selection import GroupKFold, KFold
from scipy import sparse

SEED = 42
REF_YEAR = 2021  # market date of the scrape: age = 2021 - year + 0.5

# ---------------------------------------------------------------- cleaning
SPLIT_MAKES = {'Land': ('Land Rover', 'Rover '), 'Alfa': ('Alfa Romeo', 'Romeo '), 'Aston': ('Aston Martin', 'Martin')}
NON_CARS = {'Others', 'Caravans-Wohnm', 'Trailer-Anhänger', 'Trucks-Lkw'}
RARE_FUELS = {'Others', '-/- (Fuel)', 'Ethanol', 'Hydrogen'}
MB_PREFIX = ['GLA', 'GLB', 'GLC', 'GLE', 'GLK', 'GLS', 'GL', 'CLA', 'CLS', 'CLK', 'CLC', 'CL', 'SLK', 'SLC', 'SL',
             'ML', 'EQC', 'EQV', 'EQA', 'EQB', 'EQE', 'EQS', 'A', 'B', 'C', 'E', 'S', 'G', 'V', 'R', 'X']


def canon_model(make, model):
    """BMW '320' -> '3 Series', 'X5 M' -> 'X5'; Mercedes 'E 220' / 'C 63 AMG' -> 'E-Class' / 'C-Class'."""
    if make == 'BMW':
        m = re.fullmatch(r'M?([1-8])\d\d[a-z]?', model)
        if m:
            return f'{m.group(1)} Series'
        m = re.fullmatch(r'(X[1-7]|Z4) M', model)
        return m.group(1) if m else model
    if make == 'Mercedes-Benz':
        for p in MB_PREFIX:
            if model == p or re.fullmatch(rf'{p} \d+.*', model):
                return f'{p}-Class'
    return model


def clean(df):
    df = df.copy()
    for short, (full, prefix) in SPLIT_MAKES.items():
        sel = df.make == short
        df.loc[sel, 'model'] = df.loc[sel, 'model'].fillna('').str.replace(f'^{prefix}', '', regex=True).str.strip()
        df.loc[sel & (df.model == ''), 'model'] = np.nan
        df.loc[sel, 'make'] = full
    df['gear'] = df.gear.replace({'Semi-automatic': 'Automatic'})
    rules = [
        ('exact duplicate row', lambda x: x.duplicated()),
        ('non-car make', lambda x: x.make.isin(NON_CARS)),
        ('missing model', lambda x: x.model.isna()),
        ('missing hp', lambda x: x.hp.isna()),
        ('missing gear', lambda x: x.gear.isna()),
        ('unknown/rare fuel', lambda x: x.fuel.isin(RARE_FUELS)),
        ('offerType New', lambda x: x.offerType == 'New'),
        ('price > 500000', lambda x: x.price > 500_000),
        ('price < 500', lambda x: x.price < 500),
        ('mileage > 900000', lambda x: x.mileage > 900_000),
        ('hp < 30 or > 800', lambda x: (x.hp < 30) | (x.hp > 800)),
    ]
    report = []
    for name, rule in rules:
        mask = rule(df)
        report.append((name, int(mask.sum())))
        df = df[~mask]
    df = df.reset_index(drop=True)
    df['mm'] = df.make + '|' + [canon_model(a, b) for a, b in zip(df.make, df.model)]
    return df, report


# ---------------------------------------------------------------- features
FUELS = {'Gasoline': 0, 'Diesel': 1, 'Electric/Gasoline': 2, 'Electric/Diesel': 3, 'Electric': 4, 'LPG': 5, 'CNG': 6}


def base_features(df):
    out = pd.DataFrame(index=df.index)
    out['age'] = REF_YEAR - df.year + 0.5
    out['mileage'] = df.mileage.astype(float)
    out['hp'] = df.hp.astype(float)
    out['is_diesel'] = (df.fuel == 'Diesel').astype(int)
    out['is_auto'] = (df.gear == 'Automatic').astype(int)
    out['fuel_code'] = df.fuel.map(FUELS).astype(int)
    out['km_per_year'] = out.mileage / out.age
    return out


def lin_X(df):
    """Design of the linear models (per-model OLS, make ridge): age, age^2, log km, log hp, fuel, gear."""
    age = REF_YEAR - df.year.to_numpy() + 0.5
    f = df.fuel.to_numpy()
    return np.column_stack([np.ones(len(df)), age, age ** 2, np.log1p(df.mileage.to_numpy()), np.log(df.hp.to_numpy()),
                            f == 'Diesel', (df.gear == 'Automatic').to_numpy(),
                            np.isin(f, ['Electric/Gasoline', 'Electric/Diesel']), f == 'Electric',
                            np.isin(f, ['LPG', 'CNG'])]).astype(float)


def shrunk_mean(fit_keys, values, app_keys, prior, k):
    """(sum + k * prior) / (n + k) per key; prior may be per application row. Returns (mean, n)."""
    g = pd.DataFrame({'k': fit_keys, 'v': values}).groupby('k').v.agg(['sum', 'count']).reindex(app_keys)
    s, n = g['sum'].fillna(0).to_numpy(), g['count'].fillna(0).to_numpy()
    return (s + k * prior) / (n + k), n


def make_ridge(fit, app, alpha=1.0):
    """Ridge on standardised lin_X + make one-hot. Returns predictions on fit and app rows."""
    Xf, Xa = lin_X(fit)[:, 1:], lin_X(app)[:, 1:]
    mu, sd = Xf.mean(0), Xf.std(0) + 1e-9
    cats = pd.Index(pd.unique(fit.make))

    def design(X, keys):
        idx = cats.get_indexer(keys)
        r = np.nonzero(idx >= 0)[0]
        oh = sparse.csr_matrix((np.ones(len(r)), (r, idx[r])), shape=(len(keys), len(cats)))
        return sparse.hstack([sparse.csr_matrix((X - mu) / sd), oh]).tocsr()
    m = Ridge(alpha=alpha).fit(design(Xf, fit.make.to_numpy()), fit.y.to_numpy())
    return m.predict(design(Xf, fit.make.to_numpy())), m.predict(design(Xa, app.make.to_numpy()))


def encodings(fit, app, k_make=20, k_model=10, k_prem=5, ols_min_n=20):
    """Target-derived features of `app` rows computed from `fit` rows only."""
    y = fit.y.to_numpy()
    te_make, n_make = shrunk_mean(fit.make.to_numpy(), y, app.make.to_numpy(), y.mean(), k_make)
    te_model, n_model = shrunk_mean(fit.mm.to_numpy(), y, app.mm.to_numpy(), te_make, k_model)
    r_fit, r_app = make_ridge(fit, app)
    prem, _ = shrunk_mean(fit.mm.to_numpy(), y - r_fit, app.mm.to_numpy(), 0.0, k_prem)  # model premium over make
    ols = r_app + prem  # per-model OLS prediction, make ridge + premium where the model has < ols_min_n rows
    am = app.mm.to_numpy()
    for key, g in fit.groupby('mm'):
        sel = am == key
        if len(g) < ols_min_n or not sel.any():
            continue
        X = lin_X(g)
        keep = X.std(0) > 0
        keep[0] = True
        X = X[:, keep]
        beta = np.linalg.solve(X.T @ X + 1e-3 * np.eye(X.shape[1]), X.T @ g.y.to_numpy())
        ols[sel] = lin_X(app[sel])[:, keep] @ beta
    # log hp relative to the model's shrunk mean log hp (prior: make mean): where the engine sits in the range
    lh_fit, lh_app = np.log(fit.hp.to_numpy()), np.log(app.hp.to_numpy())
    hp_make, _ = shrunk_mean(fit.make.to_numpy(), lh_fit, app.make.to_numpy(), lh_fit.mean(), 5)
    hp_model, _ = shrunk_mean(fit.mm.to_numpy(), lh_fit, app.mm.to_numpy(), hp_make, 5)
    return pd.DataFrame({'te_make': te_make, 'n_make': n_make, 'te_model': te_model, 'n_model': n_model,
                         'prem': prem, 'ols': ols, 'hp_rel': lh_app - hp_model}, index=app.index)


def oof_encodings(train, inner=5):
    parts = [encodings(train.iloc[a], train.iloc[b])
             for a, b in KFold(inner, shuffle=True, random_state=SEED + 1).split(train)]
    return pd.concat(parts).loc[train.index]


ROW_COLS = ['te_make', 'n_make', 'te_model', 'n_model', 'prem', 'ols', 'hp_rel']
MAKE_COLS = ['te_make', 'n_make']

# ---------------------------------------------------------------- models
PARAMS = dict(objective='regression', learning_rate=0.05, num_leaves=63, min_data_in_leaf=20, lambda_l2=1.0,
              max_bin=255, num_threads=1, verbose=-1, seed=SEED, deterministic=True, force_row_wise=True)
ROW_PARAMS = dict(PARAMS, feature_fraction=0.7)
ROUNDS = 1000
MAKE_PARAMS = dict(PARAMS)
MAKE_ROUNDS = 1500


def fit_predict(train, test):
    """Returns (row-model log prediction, make-model log prediction) for test rows."""
    e_tr, e_te = oof_encodings(train), encodings(train, test)
    b_tr, b_te = base_features(train), base_features(test)
    y = train.y.to_numpy()
    row = lgb.train(ROW_PARAMS, lgb.Dataset(pd.concat([b_tr, e_tr[ROW_COLS]], axis=1), y), ROUNDS)
    mk = lgb.train(MAKE_PARAMS, lgb.Dataset(pd.concat([b_tr, e_tr[MAKE_COLS]], axis=1), y), MAKE_ROUNDS)
    return (row.predict(pd.concat([b_te, e_te[ROW_COLS]], axis=1)),
            mk.predict(pd.concat([b_te, e_te[MAKE_COLS]], axis=1)))


def predict_cv(df, folds):
    """Serving rule: row model when the car model has training rows, make model otherwise."""
    oof = np.zeros(len(df))
    for a, b in folds:
        tr, te = df.iloc[a], df.iloc[b]
        p_row, p_make = fit_predict(tr, te)
        seen = te.mm.isin(set(tr.mm)).to_numpy()
        oof[b] = np.where(seen, p_row, p_make)
    return oof


# ---------------------------------------------------------------- evaluation
def conformal(df, oof, folds, nbands=5, alpha=0.2):
    """Cross-conformal 80% intervals by predicted-price band, calibrated on the other folds' OOF residuals."""
    r = df.y.to_numpy() - oof
    cover, band = np.zeros(len(df), bool), np.zeros(len(df), int)
    for a, b in folds:
        edges = np.quantile(oof[a], np.linspace(0, 1, nbands + 1)[1:-1])
        ba, bb = np.searchsorted(edges, oof[a]), np.searchsorted(edges, oof[b])
        for j in range(nbands):
            lo, hi = np.quantile(r[a][ba == j], [alpha / 2, 1 - alpha / 2])
            sel = b[bb == j]
            cover[sel] = (r[sel] >= lo) & (r[sel] <= hi)
        band[b] = bb
    return 100 * cover.mean(), [round(float(100 * cover[band == j].mean()), 1) for j in range(nbands)]


def report(name, df, oof, folds):
    ape = np.abs(np.exp(oof) - df.price.to_numpy()) / df.price.to_numpy()
    cov, per = conformal(df, oof, folds)
    print(f'{name}: MAPE {100 * ape.mean():.2f}%  median APE {100 * np.median(ape):.2f}%  '
          f'80% coverage {cov:.1f}% (per band, cheap->dear: {per})', flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/work/shared/data/market/autoscout24-de.csv')
    ap.add_argument('--protocol', choices=['rows', 'models', 'both'], default='both')
    ap.add_argument('--folds', help='CSV with one integer fold id per cleaned row (file order)')
    ap.add_argument('--fit-time', action='store_true')
    args = ap.parse_args()

    df, rules = clean(pd.read_csv(args.data))
    for name, n in rules:
        print(f'dropped {n:6d}  {name}')
    print(f'kept {len(df)} rows, {df.mm.nunique()} car models, {df.make.nunique()} makes')
    df['y'] = np.log(df.price.astype(float))

    if args.fit_time:
        t = time.time()
        e = oof_encodings(df)
        b = base_features(df)
        lgb.train(ROW_PARAMS, lgb.Dataset(pd.concat([b, e[ROW_COLS]], axis=1), df.y.to_numpy()), ROUNDS)
        t1 = time.time()
        lgb.train(MAKE_PARAMS, lgb.Dataset(pd.concat([b, e[MAKE_COLS]], axis=1), df.y.to_numpy()), MAKE_ROUNDS)
        print(f'full fit, 1 thread: encodings+row model {t1 - t:.1f}s, make model {time.time() - t1:.1f}s')
        return

    if args.folds:
        ids = pd.read_csv(args.folds, header=None)[0].to_numpy()
        folds = [(np.nonzero(ids != k)[0], np.nonzero(ids == k)[0]) for k in np.unique(ids)]
        report('given folds', df, predict_cv(df, folds), folds)
        return
    # the file is sorted by year: shuffle (seeded) before splitting
    df = df.sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    if args.protocol in ('rows', 'both'):
        folds = list(KFold(5, shuffle=True, random_state=SEED).split(df))
        report('(a) rows KFold(5)', df, predict_cv(df, folds), folds)
    if args.protocol in ('models', 'both'):
        folds = list(GroupKFold(5, shuffle=True, random_state=SEED).split(df, groups=df.mm))
        report('(b) car models held out, GroupKFold(5)', df, predict_cv(df, folds), folds)


if __name__ == '__main__':
    sys.exit(main())
