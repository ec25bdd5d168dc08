//! 历年 Timeline: for a region compared over several years, one indicator's values as a line
//! chart, every indicator and topic year by year as tables, and the plan chain Y → Y+1 (done,
//! not found, repeated word for word). The timelines are built once per comparison by the engine
//! (`align::timeline`); this view picks one and paints it.

use egui::RichText;

use crate::align::timeline::Timeline;

use super::{Compared, ViewState};
use crate::app::text;

pub fn timeline_ui(ui: &mut egui::Ui, compared: &Compared, view: &mut ViewState) {
    if compared.timelines.is_empty() {
        ui.weak(text::NO_TIMELINE.get());
        return;
    }
    let chosen = view
        .timeline
        .region
        .as_ref()
        .and_then(|r| compared.timelines.iter().position(|t| &t.region == r))
        .unwrap_or(0);
    let t = &compared.timelines[chosen];
    ui.horizontal(|ui| {
        ui.label(text::REGION.get());
        egui::ComboBox::from_id_salt("timeline_region")
            .selected_text(&t.region)
            .show_ui(ui, |ui| {
                for other in &compared.timelines {
                    if ui
                        .selectable_label(other.region == t.region, &other.region)
                        .clicked()
                    {
                        view.timeline.region = Some(other.region.clone());
                    }
                }
            });
        let years: Vec<String> = t.years.iter().map(|y| y.year.to_string()).collect();
        ui.weak(years.join(" → "));
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            chart_ui(ui, t, view);
            ui.add_space(8.0);
            // Without an indicator the chart's note says so; an empty table would only repeat it.
            if !t.metrics.is_empty() {
                ui.heading(text::TAB_INDICATORS.get());
                values_ui(ui, t);
                ui.add_space(8.0);
            }
            ui.heading(text::TOPIC_COVERAGE.get());
            coverage_ui(ui, t);
            ui.add_space(8.0);
            ui.heading(text::PLANS_YEAR_TO_YEAR.get());
            chain_ui(ui, t);
        });
}

/// Which indicator the chart shows, per region (not persisted).
#[derive(Default)]
pub struct TimelineView {
    pub region: Option<String>,
    pub metric: Option<String>,
}

fn chart_ui(ui: &mut egui::Ui, t: &Timeline, view: &mut ViewState) {
    if t.metrics.is_empty() {
        ui.weak(text::NO_INDICATOR_IN_TWO_YEARS.get());
        return;
    }
    let series = view
        .timeline
        .metric
        .as_ref()
        .and_then(|m| t.metrics.iter().find(|s| &s.metric == m))
        .unwrap_or_else(|| most_changed(t));
    ui.horizontal(|ui| {
        ui.label(text::INDICATOR.get());
        egui::ComboBox::from_id_salt("timeline_metric")
            .selected_text(&series.label)
            .show_ui(ui, |ui| {
                for s in &t.metrics {
                    if ui
                        .selectable_label(s.metric == series.metric, &s.label)
                        .clicked()
                    {
                        view.timeline.metric = Some(s.metric.clone());
                    }
                }
            });
        ui.weak(&series.base_unit);
    });
    use egui_plot::{Line, Plot, PlotPoints, Points};
    let points: Vec<[f64; 2]> = series
        .points
        .iter()
        .map(|&(y, v)| [f64::from(y), v])
        .collect();
    let unit = series.base_unit.clone();
    Plot::new("timeline_chart")
        .height(220.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        // Years only: the grid's fractional marks get no label.
        .x_axis_formatter(|mark, _| {
            if mark.value.fract() == 0.0 {
                format!("{:.0}", mark.value)
            } else {
                String::new()
            }
        })
        .label_formatter(move |pos| match pos {
            egui_plot::HoverPosition::NearDataPoint { position, .. } => {
                Some(text::YEAR_VALUE.fill(&[
                    &format!("{:.0}", position.x),
                    &format!("{}{unit}", crate::display::number(position.y)),
                ]))
            }
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            plot.line(Line::new(series.label.clone(), PlotPoints::from(points.clone())).width(2.0));
            plot.points(Points::new(series.label.clone(), PlotPoints::from(points)).radius(4.0));
        });
}

/// The indicator whose value moved most (relative to its larger value), to show first.
fn most_changed(t: &Timeline) -> &crate::align::timeline::MetricSeries {
    let change = |s: &crate::align::timeline::MetricSeries| {
        let (lo, hi) = s
            .points
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), &(_, v)| {
                (lo.min(v), hi.max(v))
            });
        if hi.abs() > 0.0 {
            (hi - lo) / hi.abs()
        } else {
            0.0
        }
    };
    t.metrics
        .iter()
        .max_by(|a, b| change(a).total_cmp(&change(b)))
        .unwrap_or(&t.metrics[0])
}

fn years_header(ui: &mut egui::Ui, t: &Timeline, first: &str) {
    ui.strong(first);
    for y in &t.years {
        ui.strong(y.year.to_string());
    }
    ui.end_row();
}

fn values_ui(ui: &mut egui::Ui, t: &Timeline) {
    egui::Grid::new("timeline_values")
        .striped(true)
        .show(ui, |ui| {
            years_header(ui, t, text::INDICATOR_HEADER.get());
            for s in &t.metrics {
                ui.label(&s.label);
                for y in &t.years {
                    match s.points.iter().find(|(year, _)| *year == y.year) {
                        Some((_, v)) => {
                            ui.label(format!("{}{}", crate::display::number(*v), s.base_unit))
                        }
                        None => ui.weak("—"),
                    };
                }
                ui.end_row();
            }
        });
}

fn coverage_ui(ui: &mut egui::Ui, t: &Timeline) {
    egui::Grid::new("timeline_coverage")
        .striped(true)
        .show(ui, |ui| {
            years_header(ui, t, text::TOPIC.get());
            for s in t
                .coverage
                .iter()
                .filter(|s| s.passages.iter().any(|&n| n > 0))
            {
                ui.label(text::topic(&s.topic, &s.label, false));
                for &n in &s.passages {
                    if n == 0 {
                        ui.weak("—");
                    } else {
                        ui.label(n.to_string());
                    }
                }
                ui.end_row();
            }
        });
}

fn chain_ui(ui: &mut egui::Ui, t: &Timeline) {
    if t.chain.is_empty() {
        ui.weak(text::YEARS_NOT_CONSECUTIVE.get());
        return;
    }
    for link in &t.chain {
        ui.label(
            RichText::new(text::YEAR_TO_YEAR.fill(&[
                &link.from_year,
                &link.to_year,
                &link.plans,
                &link.delivered,
                &link.repeated.len(),
            ]))
            .strong(),
        );
        for text in &link.repeated {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(text::REPEATED_BADGE.get()).small().strong());
                ui.label(text);
            });
        }
    }
}
